using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.Datalake.Occupancy;

/// <summary>
/// Where a night's alerts are: the HEALPix NESTED pixels at <see cref="Order"/> holding at least one alert position,
/// found by reading the positions only (<see cref="ShardScanner"/>), whatever the survey.
/// </summary>
public static class NightOccupancy
{
    /// <summary>HEALPix order of the occupancy bitmaps (nside 128, pixels of about 0.46°; 196,608 bits = 24 KiB).</summary>
    public const int Order = 7;

    private const int Nside = 1 << Order;

    /// <summary>Number of 64-bit words of a bitmap at <see cref="Order"/>.</summary>
    public const int Words = (12 << (2 * Order)) / 64;

    /// <summary>Reads the positions of every file of <paramref name="night"/> and sets the pixel of each valid one.</summary>
    /// <exception cref="DatalakeException">A file cannot be read, or holds alerts of another survey than <paramref name="survey"/>.</exception>
    public static async Task<SkyCoverage> ScanAsync(Survey survey, DatalakeShard night, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(night);
        var bits = new ulong[Words];
        await new ShardScanner().ScanAsync(night, (file, batch, _) =>
        {
            CheckSurvey(file, survey);
            Set(bits, batch.Ra, batch.Dec);
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return SkyCoverage.FromNestedBits(Order, bits);
    }

    /// <summary>
    /// The occupancy of positions already placed in NESTED cells at <paramref name="cellOrder"/> (at least
    /// <see cref="Order"/>): a cell's pixel is its first <see cref="Order"/> levels. Negative cells (no position) are skipped.
    /// </summary>
    public static SkyCoverage FromCells(ReadOnlySpan<int> cells, int cellOrder)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cellOrder, Order);
        var shift = 2 * (cellOrder - Order);
        var bits = new ulong[Words];
        foreach (var cell in cells)
        {
            if (cell < 0) continue;
            var pixel = cell >> shift;
            bits[pixel >> 6] |= 1UL << (pixel & 63);
        }
        return SkyCoverage.FromNestedBits(Order, bits);
    }

    /// <summary>Refuses a file holding another survey's alerts than the one asked for, naming the file and both surveys.</summary>
    /// <exception cref="DatalakeException">The file's survey is not <paramref name="survey"/>.</exception>
    internal static void CheckSurvey(AlertFile file, Survey survey)
    {
        if (file.Survey != survey)
            throw new DatalakeException(
                $"{file.Path} holds {file.Survey.Name.ToUpperInvariant()} alerts, not {survey.Name.ToUpperInvariant()} ones: ask for survey '{file.Survey.Name}'");
    }

    private static void Set(ulong[] bits, ReadOnlySpan<double> ra, ReadOnlySpan<double> dec)
    {
        for (var i = 0; i < ra.Length; i++)
        {
            // A null position is read as NaN: it is nowhere on the sky.
            if (!double.IsFinite(ra[i]) || !(dec[i] >= -90.0 && dec[i] <= 90.0)) continue;
            var pixel = Healpix.Ang2PixNest(Nside, ra[i], dec[i]);
            bits[pixel >> 6] |= 1UL << (int)(pixel & 63);
        }
    }
}
