using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Catalogs.Fits;
using FinkXmatch.Core.Tests.Catalogs.Fixtures;

namespace FinkXmatch.Core.Tests.Catalogs.Fits;

/// <summary>
/// The real 4LAC-DR3 low-latitude table. Expected values were read independently with astropy 5.2.1
/// (Debian python3-astropy, <c>astropy.io.fits</c>) and pasted here.
/// </summary>
public sealed class FourLacFitsTests
{
    private static FitsCatalogReader OpenFourLac() =>
        FitsCatalogReader.Open(File.OpenRead(TestData.Path("catalogs/4lac_dr3_l.fits")), "4lac_dr3_l.fits");

    [Fact]
    public void Header_gives_the_41_columns_with_their_types()
    {
        using var reader = OpenFourLac();
        Assert.Equal(CatalogFormat.Fits, reader.Format);
        Assert.Equal(41, reader.Columns.Count);
        Assert.Equal(new CatalogColumn("Source_Name", CatalogColumnType.String), reader.Columns[0]);
        Assert.Equal(new CatalogColumn("DataRelease", CatalogColumnType.Int32), reader.Columns[1]);
        Assert.Equal(new CatalogColumn("RAJ2000", CatalogColumnType.Float), reader.Columns[2]);
        Assert.Equal(new CatalogColumn("DEJ2000", CatalogColumnType.Float), reader.Columns[3]);
        Assert.Equal(new CatalogColumn("CLASS", CatalogColumnType.String), reader.Columns[20]);
        Assert.Equal(new CatalogColumn("RA_Counterpart", CatalogColumnType.Double), reader.Columns[25]);
        Assert.Equal(new CatalogColumn("Highest_energy", CatalogColumnType.Float), reader.Columns[40]);
        Assert.Equal(407, reader.RowCount);
    }

    [Fact]
    public void Rows_hold_the_values_astropy_reads()
    {
        using var reader = OpenFourLac();
        var rows = new Dictionary<long, (string Name, string Release, double Ra, double Dec, double RaCp, string Class, string Assoc, string Flags)>();
        var heEPeakNulls = 0;
        var vlbiNulls = 0;
        var raSum = 0.0;
        var decCounterpartSum = 0.0;
        var count = 0;
        while (reader.Read())
        {
            count++;
            if (reader.IsNull(31)) heEPeakNulls++;
            if (reader.IsNull(28)) vlbiNulls++;
            Assert.True(reader.TryGetDouble(2, out var ra));
            Assert.True(reader.TryGetDouble(26, out var decCp));
            raSum += ra;
            decCounterpartSum += decCp;
            if (reader.Row is 1 or 2 or 201 or 407)
            {
                reader.TryGetDouble(3, out var dec);
                reader.TryGetDouble(25, out var raCp);
                rows[reader.Row] = (reader.GetText(0), reader.GetText(1), ra, dec, raCp, reader.GetText(20),
                    reader.GetText(21), reader.GetText(19));
            }
        }
        Assert.Equal(407, count);
        Assert.Equal(("4FGL J0012.0+7043", "1", 3.003200054168701, 70.73259735107422, 2.88292842917, "bcu", "TXS 0008+704", "0"), rows[1]);
        Assert.Equal(("4FGL J0014.7+5801", "1", 3.6867001056671143, 58.027198791503906, 3.675539970397949, "bll", "1RXS J001442.2+580201", "0"), rows[2]);
        Assert.Equal(("4FGL J1038.8-5312", "1", 159.71290588378906, -53.20690155029297, 159.669404721, "fsrq", "MRC 1036-529", "0"), rows[201]);
        Assert.Equal(("4FGL J2358.4+6547", "3", 359.6119079589844, 65.78369903564453, 359.7853088378906, "bcu", "NVSS J235908+654438", "12"), rows[407]);
        Assert.Equal(36, heEPeakNulls);
        Assert.Equal(56, vlbiNulls);
        Assert.Equal(72180.11548471451, raSum, 1e-8);
        Assert.Equal(726.0995426947256, decCounterpartSum, 1e-9);
    }

    [Fact]
    public void Floats_render_shortest_text_and_nulls_and_infinities_are_told_apart()
    {
        using var reader = OpenFourLac();
        Assert.True(reader.Read());
        // Row 1: HE_EPeak is NaN (null), Redshift is -inf (a value), Flux1000 = 4.022406e-10 as float32.
        Assert.True(reader.IsNull(31));
        Assert.Equal("", reader.GetText(31));
        Assert.False(reader.TryGetDouble(31, out _));
        Assert.False(reader.IsNull(29));
        Assert.True(reader.TryGetDouble(29, out var redshift));
        Assert.Equal(double.NegativeInfinity, redshift);
        Assert.Equal("4.022406E-10", reader.GetText(7));
        Assert.True(reader.TryGetDouble(7, out var flux));
        Assert.Equal(4.0224060193772004e-10, flux);
        Assert.Equal("3.0032", reader.GetText(2));
    }

    [Fact]
    public void Non_seekable_stream_reads_the_same_rows()
    {
        var bytes = File.ReadAllBytes(TestData.Path("catalogs/4lac_dr3_l.fits"));
        using var reader = FitsCatalogReader.Open(new NonSeekableChunkStream(bytes), "4lac.fits");
        var count = 0;
        string last = "";
        while (reader.Read()) { count++; last = reader.GetText(0); }
        Assert.Equal(407, count);
        Assert.Equal("4FGL J2358.4+6547", last);
        Assert.False(reader.Read());
    }
}
