using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>
/// The reach of alerts against a haversine brute force: every source within the radius of an alert survives, and an
/// index of the survivors alone gives the matches of the whole catalog's index, in the same order.
/// </summary>
public class AlertReachTests
{
    public static TheoryData<double> Radii() => [0.5, 1.5, 60, 600, 3600];

    [Theory]
    [MemberData(nameof(Radii))]
    public void Every_source_within_the_radius_of_an_alert_survives(double radiusArcsec)
    {
        var rng = new Random(20261207 + (int)radiusArcsec);
        var (alertRa, alertDec) = HardAlerts(rng, 2000, radiusArcsec);
        // Around each alert, sources just inside and just outside the radius in every direction (so across cell sides
        // and corners), plus a uniform background.
        var (ra, dec) = SourcesAround(rng, alertRa, alertDec, radiusArcsec, 8, 20_000);
        var reach = new AlertReach(radiusArcsec);
        reach.Add(alertRa, alertDec);

        var survivors = reach.Survivors(ra, dec);
        var kept = new HashSet<int>(survivors);
        var within = BruteForceMatcher.Match(alertRa, alertDec, ra, dec, radiusArcsec, MatchMode.All).Select(m => m.SourceIndex).Distinct().ToList();

        Assert.True(within.Count > 5_000, $"only {within.Count} sources within the radius of an alert");
        Assert.All(within, s => Assert.True(kept.Contains(s), $"source {s} at ({ra[s]:R}, {dec[s]:R}) is within {radiusArcsec}\" of an alert but left out"));
        Assert.Equal(survivors.Order(), survivors);
        Assert.Equal(alertRa.Length, reach.Alerts);
    }

    // Not at 3,600": there the catalog's cells would not reject most alerts (no mask, and the alerts' side is marked).
    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(60)]
    [InlineData(600)]
    public void Alerts_marked_only_near_the_catalog_keep_every_source_within_the_radius(double radiusArcsec)
    {
        var rng = new Random(20261208 + (int)radiusArcsec);
        // Sizes kept small for the brute-force reference below (alerts x sources pairs).
        var (alertRa, alertDec) = HardAlerts(rng, 400, radiusArcsec);
        var (ra, dec) = SourcesAround(rng, alertRa, alertDec, radiusArcsec, 8, 4_000);
        // The alerts with sources around them, among many far from any (the first half of the sky's uniform ones).
        var (farRa, farDec) = Uniform(rng, 4_000);
        var allRa = alertRa.Concat(farRa).ToArray();
        var allDec = alertDec.Concat(farDec).ToArray();
        var everywhere = new AlertReach(radiusArcsec);
        everywhere.Add(allRa, allDec);
        var near = new AlertReach(radiusArcsec);
        var catalogCells = SkyCellMask.Build(ra, dec, radiusArcsec);
        Assert.NotNull(catalogCells);
        var nearRows = new int[allRa.Length];
        var nearCount = near.AddNear(allRa, allDec, catalogCells, nearRows);

        var kept = near.Survivors(ra, dec);
        var pairs = BruteForceMatcher.Match(allRa, allDec, ra, dec, radiusArcsec, MatchMode.All);
        var within = pairs.Select(m => m.SourceIndex).Distinct().ToHashSet();
        // The alerts marked are the scan's candidates (AlertCandidates): every alert within the radius of a source among them, ascending, few of the far ones.
        var marked = nearRows.AsSpan(0, nearCount).ToArray();
        Assert.Equal(marked.Order(), marked);
        Assert.Subset(marked.ToHashSet(), pairs.Select(m => m.AlertRow).ToHashSet());
        if (radiusArcsec <= 60) Assert.True(nearCount < alertRa.Length + farRa.Length / 2, $"{nearCount} of {allRa.Length} alerts marked");
        // The CLI's reach for the catalog's side first (a fine layer, or a grid one step finer than the catalog's): the
        // same alerts marked, every source within the radius kept; on that grid, no fewer sources than on the finest.
        var forCatalog = AlertReach.ForCatalogCells(radiusArcsec, catalogCells, allRa.Length);
        var forCatalogRows = new int[allRa.Length];
        Assert.Equal(marked, forCatalogRows.AsSpan(0, forCatalog.AddNear(allRa, allDec, catalogCells, forCatalogRows)).ToArray());
        Assert.True(forCatalog.CellsPerDegree >= Math.Min(2 * catalogCells.CellsPerDegree, near.CellsPerDegree));
        var forCatalogKept = forCatalog.Survivors(ra, dec).ToHashSet();
        Assert.Subset(forCatalogKept, within);
        if (forCatalog.CellsPerDegree <= near.CellsPerDegree) Assert.Subset(forCatalogKept, kept.ToHashSet());
        Assert.Equal(near.Alerts, forCatalog.Alerts);

        Assert.Equal(everywhere.Alerts, near.Alerts);
        Assert.Subset(everywhere.Survivors(ra, dec).ToHashSet(), kept.ToHashSet());
        Assert.Subset(kept.ToHashSet(), within);
        Assert.True(near.MarkedShare <= everywhere.MarkedShare);
        if (radiusArcsec <= 60) Assert.True(near.MarkedShare < everywhere.MarkedShare, "the alerts far from every source marked cells");
    }

    // A small catalog and a night of alerts as the CLI's one-night job meets them (fewer sources than alerts: the
    // catalog's cells first), at small radii, where the alerts near the catalog are marked in a fine layer.
    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(5)]
    public void The_reach_of_the_alerts_near_a_small_catalog_keeps_every_source_within_the_radius_and_few_others(double radiusArcsec)
    {
        var rng = new Random(20261209 + (int)(10 * radiusArcsec));
        // Hard alerts (poles, RA 0/360, cell corners) with sources just inside and outside the radius around them, in a
        // uniform catalog and among uniform alerts far from most of it.
        var (hardRa, hardDec) = HardAlerts(rng, 300, radiusArcsec);
        const int Around = 8;
        var (aroundRa, aroundDec) = SourcesAround(rng, hardRa, hardDec, radiusArcsec, Around, 0);
        var (backgroundRa, backgroundDec) = Uniform(rng, 12_000);
        var (ra, dec) = (aroundRa.Concat(backgroundRa).ToArray(), aroundDec.Concat(backgroundDec).ToArray());
        var (farRa, farDec) = Uniform(rng, 12_000);
        var alertRa = hardRa.Concat(farRa).ToArray();
        var alertDec = hardDec.Concat(farDec).ToArray();
        var catalogCells = SkyCellMask.Build(ra, dec, radiusArcsec, withFineLayer: false)!;
        var reach = AlertReach.ForCatalogCells(radiusArcsec, catalogCells, alertRa.Length);
        Assert.True(reach.CellsPerDegree >= 8 * catalogCells.CellsPerDegree, $"{reach.CellsPerDegree} cells per degree for a catalog's {catalogCells.CellsPerDegree}");
        Assert.Throws<InvalidOperationException>(() => reach.Add(alertRa, alertDec));
        Assert.Throws<ArgumentException>(() => reach.AddNear(alertRa, alertDec, SkyCellMask.Build(ra, dec, radiusArcsec, withFineLayer: false)!, new int[alertRa.Length]));
        // Added from several threads at once, in batches of 1,000 alerts.
        var marked = 0;
        Parallel.For(0, (alertRa.Length + 999) / 1000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, b =>
        {
            var (start, length) = (b * 1000, Math.Min(1000, alertRa.Length - b * 1000));
            Interlocked.Add(ref marked, reach.AddNear(alertRa.AsSpan(start, length), alertDec.AsSpan(start, length), catalogCells, new int[length]));
        });

        var survivors = reach.Survivors(ra, dec);
        var within = BruteForceMatcher.Match(alertRa, alertDec, ra, dec, radiusArcsec, MatchMode.All).Select(m => m.SourceIndex).Distinct().ToList();

        Assert.Equal(alertRa.Length, reach.Alerts);
        Assert.True(within.Count > 500, $"only {within.Count} sources within the radius of an alert");
        var kept = survivors.ToHashSet();
        Assert.All(within, s => Assert.True(kept.Contains(s), $"source {s} at ({ra[s]:R}, {dec[s]:R}) is within {radiusArcsec}\" of an alert but left out"));
        Assert.Equal(survivors.Order(), survivors);
        Assert.Equal(Enumerable.Range(0, ra.Length).Where(i => reach.MayReach(ra[i], dec[i])), survivors);
        // Of the uniform sources (those around the hard alerts are half just outside the radius), few kept beyond those
        // within the radius: collisions in the table (two bits a cell, a few % of them set) and the cells' few radii.
        var withinSet = within.ToHashSet();
        var others = survivors.Count(s => s >= aroundRa.Length && !withinSet.Contains(s));
        Assert.InRange(reach.MarkedShare, 1e-4, 0.1);
        Assert.True(others < backgroundRa.Length / 100, $"{others} of {backgroundRa.Length} uniform sources kept beyond the radius; {marked} alerts marked");
    }

    [Fact]
    public void Sources_far_from_every_alert_are_left_out()
    {
        var rng = new Random(7);
        var (alertRa, alertDec) = Uniform(rng, 1000);
        var (ra, dec) = Uniform(rng, 200_000);
        var reach = new AlertReach(1.5);
        reach.Add(alertRa, alertDec);

        var survivors = reach.Survivors(ra, dec);

        // 1,000 alerts mark a few thousand of 66 M cells: a source in one of them by chance is rare.
        Assert.Equal(32, reach.CellsPerDegree);
        Assert.InRange(reach.MarkedShare, 1e-6, 1e-4);
        Assert.True(survivors.Length < 100, $"{survivors.Length} of 200,000 sources kept");
    }

    [Theory]
    [InlineData(200, 1.5)]       // a few cells marked: the coarse grid first
    [InlineData(2_000_000, 1.5)] // ~38 % of the coarse grid's cells marked: the whole mask alone
    [InlineData(2000, 200)]      // a grid of 16 cells per degree
    public void The_survivors_are_the_sources_in_marked_cells(int alerts, double radiusArcsec)
    {
        var rng = new Random(alerts);
        var (alertRa, alertDec) = Uniform(rng, alerts);
        var (ra, dec) = SourcesAround(rng, alertRa[..Math.Min(alerts, 2000)], alertDec[..Math.Min(alerts, 2000)], radiusArcsec, 4, 300_000);
        ra[17] = double.NaN;   // off the grid: kept
        var reach = new AlertReach(radiusArcsec);
        reach.Add(alertRa, alertDec);

        var expected = Enumerable.Range(0, ra.Length).Where(i => reach.MayReach(ra[i], dec[i])).ToArray();
        Assert.Equal(expected, reach.Survivors(ra, dec));
        Assert.Contains(17, expected);
    }

    [Fact]
    public void Valid_positions_are_counted_as_one_at_a_time()
    {
        var rng = new Random(12);
        double[] odd = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -90, 90, -90.0000001, 90.0000001, 0, 360, -720, 1e300];
        var ra = Enumerable.Range(0, 1003).Select(_ => rng.Next(3) == 0 ? odd[rng.Next(odd.Length)] : rng.NextDouble() * 360).ToArray();
        var dec = Enumerable.Range(0, 1003).Select(_ => rng.Next(3) == 0 ? odd[rng.Next(odd.Length)] : rng.NextDouble() * 180 - 90).ToArray();
        for (var length = 0; length <= 9; length++)
            Assert.Equal(Enumerable.Range(0, length).Count(i => double.IsFinite(ra[i]) && dec[i] >= -90 && dec[i] <= 90), AlertReach.ValidCount(ra.AsSpan(0, length), dec.AsSpan(0, length)));
        var expected = Enumerable.Range(0, ra.Length).Count(i => double.IsFinite(ra[i]) && dec[i] >= -90 && dec[i] <= 90);
        Assert.InRange(expected, 500, 900);
        Assert.Equal(expected, AlertReach.ValidCount(ra, dec));
    }

    [Fact]
    public void Alerts_without_a_valid_position_reach_nothing()
    {
        var reach = new AlertReach(60);
        reach.Add([double.NaN, 10, double.PositiveInfinity, 20], [0, double.NaN, 0, 91]);

        Assert.Equal(0, reach.Alerts);
        Assert.Equal(0, reach.MarkedShare);
        Assert.Empty(reach.Survivors([10.0, 0.0, 20.0], [0.0, 0.0, 90.0]));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(60)]
    public void Alerts_added_from_several_threads_at_once_reach_what_one_thread_marks(double radiusArcsec)
    {
        // One alert at the centre of each cell of a band 64 cells high and 2,048 wide (a row is 32 words of the mask).
        // Batch j holds the cells of bit j of every word, in word order: threads adding batches at the same time write
        // the same words, each alert a bit no other alert sets (at 1.5"), so an update lost in a race leaves a cell
        // unmarked. (Such a race is rare on two busy cores: a plain read-modify-write passed 2 of 2 runs here; what this
        // checks every time is that marking from several threads gives one thread's mask and count.)
        const int Rows = 64, Columns = 2048, Cells = 32, Batches = 64;
        var perBatch = Rows * Columns / Batches;
        var (alertRa, alertDec) = (new double[Rows * Columns], new double[Rows * Columns]);
        for (var b = 0; b < Batches; b++)
            for (var w = 0; w < perBatch; w++)
            {
                var cell = w * 64 + b;
                (alertRa[b * perBatch + w], alertDec[b * perBatch + w]) = (10 + (cell % Columns + 0.5) / Cells, 20 + (cell / Columns + 0.5) / Cells);
            }
        var rng = new Random(64);
        var (ra, dec) = (new double[100_000], new double[100_000]);
        for (var i = 0; i < ra.Length; i++) (ra[i], dec[i]) = (9 + rng.NextDouble() * 66, 19 + rng.NextDouble() * 4);
        var alone = new AlertReach(radiusArcsec);
        alone.Add(alertRa, alertDec);
        var expected = alone.Survivors(ra, dec);

        for (var round = 0; round < 10; round++)
        {
            var together = new AlertReach(radiusArcsec);
            Parallel.For(0, Batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, b =>
                together.Add(alertRa.AsSpan(b * perBatch, perBatch), alertDec.AsSpan(b * perBatch, perBatch)));

            Assert.Equal(alertRa.Length, together.Alerts);
            Assert.Equal(alone.MarkedShare, together.MarkedShare);
            if (radiusArcsec == 1.5) Assert.Equal((double)Rows * Columns / (360 * 180 * Cells * Cells), together.MarkedShare, 12);
            Assert.Equal(expected, together.Survivors(ra, dec));
        }
    }

    [Theory]
    [InlineData(1.5, 1.0540)]
    [InlineData(60, 4.2711)]
    [InlineData(3600, 9.0)]
    public void An_alert_marks_about_the_cells_its_disc_spans(double radiusArcsec, double cells) =>
        Assert.Equal(cells, AlertReach.CellsPerAlert(radiusArcsec), 4);

    [Theory]
    [InlineData(1.5, 32)]
    [InlineData(112.5, 32)]
    [InlineData(113, 16)]
    [InlineData(600, 4)]
    [InlineData(3600, 1)]
    public void The_grid_is_the_finest_whose_cells_are_at_least_the_radius_high(double radiusArcsec, double cellsPerDegree) =>
        Assert.Equal(cellsPerDegree, new AlertReach(radiusArcsec).CellsPerDegree);

    [Theory]
    [InlineData(1.5, MatchMode.Nearest)]
    [InlineData(1.5, MatchMode.All)]
    [InlineData(60, MatchMode.Nearest)]
    [InlineData(60, MatchMode.All)]
    [InlineData(3600, MatchMode.All)]
    public void An_index_of_the_survivors_matches_as_the_whole_catalogs(double radiusArcsec, MatchMode mode)
    {
        var rng = new Random(31 + (int)radiusArcsec);
        var (alertRa, alertDec) = HardAlerts(rng, 1500, radiusArcsec);
        var (ra, dec) = SourcesAround(rng, alertRa, alertDec, radiusArcsec, 3, 50_000);
        var reach = new AlertReach(radiusArcsec);
        reach.Add(alertRa, alertDec);
        var survivors = reach.Survivors(ra, dec);

        var whole = HealpixIndex.Build(ra, dec, radiusArcsec);
        var pruned = HealpixIndex.Build(ra, dec, radiusArcsec, survivors);
        var expected = new List<AlertMatch>();
        new CrossMatcher(whole, mode).Match(alertRa, alertDec, expected);
        var actual = new List<AlertMatch>();
        new CrossMatcher(pruned, mode).Match(alertRa, alertDec, actual);
        var reference = BruteForceMatcher.Match(alertRa, alertDec, ra, dec, radiusArcsec, mode);

        Assert.Equal(ra.Length, pruned.SourceCount);
        Assert.Equal(survivors.Length, pruned.IndexedSourceCount);
        // At 3,600" the reach's cells are 1.8° wide and 1,500 alerts mark much of the sky.
        if (radiusArcsec <= 60) Assert.True(survivors.Length < ra.Length / 2, $"{survivors.Length} of {ra.Length} sources kept");
        Assert.True(expected.Count > 1000, $"only {expected.Count} matches");
        Assert.Equal(expected, actual);
        Assert.Equal(reference.Select(m => (m.AlertRow, m.SourceIndex)).Order(), actual.Select(m => (m.AlertRow, m.SourceIndex)).Order());
    }

    [Fact]
    public void Rows_must_be_ascending_catalog_rows()
    {
        double[] ra = [1, 2, 3];
        double[] dec = [0, 0, 0];
        Assert.Throws<ArgumentException>(() => HealpixIndex.Build(ra, dec, 1.5, [1, 0]));
        Assert.Throws<ArgumentException>(() => HealpixIndex.Build(ra, dec, 1.5, [1, 1]));
        Assert.Throws<ArgumentException>(() => HealpixIndex.Build(ra, dec, 1.5, [3]));
        Assert.Equal(0, HealpixIndex.Build(ra, dec, 1.5, []).EntryCount);
    }

    // Alerts over the whole sky, a share of them on the hard spots (poles, RA 0/360, the face boundary) and a share
    // within a hundredth of the radius of a cell's corner, of the reach's grid or of the index's HEALPix cells.
    private static (double[] Ra, double[] Dec) HardAlerts(Random rng, int n, double radiusArcsec)
    {
        var (ra, dec) = Uniform(rng, n);
        (double, double)[] spots = [(0, 90), (123, -90), (0, 12), (359.99999999, 12), (180, 41.8103149), (90, -41.8103149), (10, 89.9999), (0.0001, -89.99)];
        for (var i = 0; i < spots.Length; i++) (ra[i], dec[i]) = spots[i];
        var cellsPerDegree = new AlertReach(radiusArcsec).CellsPerDegree;
        for (var i = spots.Length; i < n / 4; i++)
        {
            // A corner of the reach's grid, then a nudge of up to r/100; half of them at a corner of a HEALPix cell of the
            // index (order 11 to 16) instead.
            double cra, cdec;
            if (i % 2 == 0)
                (cra, cdec) = (rng.Next(360 * (int)cellsPerDegree) / cellsPerDegree, Math.Clamp(rng.Next(180 * (int)cellsPerDegree) / cellsPerDegree - 90, -90, 90));
            else
            {
                var order = rng.Next(11, 17);
                var (pra, pdec) = Healpix.Pix2AngNest(1 << order, rng.NextInt64(Healpix.Npix(1 << order)));
                var half = Math.Sqrt(Math.PI / 3) / (1 << order) / 2 * 180 / Math.PI;
                (cra, cdec) = CrossMatcherTests.Offset(pra, pdec, half, rng.Next(4) * Math.PI / 2 + Math.PI / 4);
            }
            (ra[i], dec[i]) = CrossMatcherTests.Offset(cra, cdec, radiusArcsec / 3600 / 100 * rng.NextDouble(), rng.NextDouble() * 2 * Math.PI);
        }
        return (ra, dec);
    }

    // For each alert, `perAlert` sources at 0.98-1.02 radii in turning directions, then a uniform background.
    private static (double[] Ra, double[] Dec) SourcesAround(Random rng, double[] alertRa, double[] alertDec, double radiusArcsec, int perAlert, int background)
    {
        var (ra, dec) = Uniform(rng, alertRa.Length * perAlert + background);
        for (var a = 0; a < alertRa.Length; a++)
            for (var k = 0; k < perAlert; k++)
            {
                var distance = radiusArcsec / 3600 * (0.98 + 0.04 * rng.NextDouble());
                (ra[a * perAlert + k], dec[a * perAlert + k]) = CrossMatcherTests.Offset(alertRa[a], alertDec[a], distance, rng.NextDouble() * 2 * Math.PI);
            }
        // Shuffled into the background, so that survivors are spread over the catalog's rows.
        for (var i = ra.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (ra[i], ra[j]) = (ra[j], ra[i]);
            (dec[i], dec[j]) = (dec[j], dec[i]);
        }
        return (ra, dec);
    }

    private static (double[] Ra, double[] Dec) Uniform(Random rng, int n)
    {
        var ra = new double[n];
        var dec = new double[n];
        for (var i = 0; i < n; i++)
        {
            ra[i] = rng.NextDouble() * 360;
            dec[i] = Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI;
        }
        return (ra, dec);
    }
}
