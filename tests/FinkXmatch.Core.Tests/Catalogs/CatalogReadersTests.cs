using System.Text;
using FinkXmatch.Core.Catalogs;

namespace FinkXmatch.Core.Tests.Catalogs;

public class CatalogReadersTests
{
    private static ICatalogReader OpenBytes(byte[] bytes, string fileName) => CatalogReaders.Open(new MemoryStream(bytes), fileName);

    private static CatalogException Refused(byte[] bytes, string fileName) =>
        Assert.Throws<CatalogException>(() => OpenBytes(bytes, fileName).Dispose());

    [Fact]
    public void Opens_the_3hsp_csv_by_path()
    {
        using var reader = CatalogReaders.Open(TestData.Path("catalogs/3hsp.csv"));
        Assert.Equal("3hsp.csv", reader.FileName);
        Assert.Equal(CatalogFormat.Csv, reader.Format);
        Assert.Equal(12, reader.Columns.Count);
        var rows = 0;
        while (reader.Read()) rows++;
        Assert.Equal(2013, rows);
    }

    [Fact]
    public void Opens_parquet_by_extension_whatever_its_case()
    {
        var bytes = ParquetCatalogReaderTests.WriteSample();
        foreach (var name in new[] { "a.parquet", "a.PARQ", "a.pq" })
        {
            using var reader = OpenBytes(bytes, name);
            Assert.Equal(CatalogFormat.Parquet, reader.Format);
            var rows = 0;
            while (reader.Read()) rows++;
            Assert.Equal(5, rows);
        }
    }

    [Theory]
    [InlineData("a.tsv", "x,y\tz\n1\t2\n", CatalogFormat.Tsv, 2)]
    [InlineData("a.TAB", "x\ty\n1\t2\n", CatalogFormat.Tsv, 2)]
    [InlineData("a.txt", "x\ty\n1\t2\n", CatalogFormat.Tsv, 2)]
    [InlineData("a.txt", "x,y,z\n1,2,3\n", CatalogFormat.Csv, 3)]
    [InlineData("dir/a.csv", "x\ty\n1\t2\n", CatalogFormat.Tsv, 2)]
    public void Text_formats_and_separators(string name, string text, CatalogFormat format, int columns)
    {
        using var reader = OpenBytes(Encoding.UTF8.GetBytes(text), name);
        Assert.Equal(format, reader.Format);
        Assert.Equal(columns, reader.Columns.Count);
        Assert.Equal("a." + name.Split('.')[^1], reader.FileName);
    }

    [Fact]
    public void Parquet_named_csv_says_what_it_is()
    {
        var e = Refused(ParquetCatalogReaderTests.WriteSample(), "file.csv");
        Assert.Equal(CatalogErrorKind.WrongFormat, e.Kind);
        Assert.Contains("file.csv: the content looks like a Parquet file", e.Message);
        Assert.Contains("rename it .parquet", e.Message);
    }

    [Fact]
    public void Fits_named_csv_and_csv_named_fits_are_refused()
    {
        var fits = File.ReadAllBytes(TestData.Path("catalogs/4lac_dr3_l.fits"));
        var e = Refused(fits, "4lac.csv");
        Assert.Equal(CatalogErrorKind.WrongFormat, e.Kind);
        Assert.Contains("looks like a FITS file", e.Message);

        var csv = Refused("ra,dec\n1,2\n"u8.ToArray(), "x.fits");
        Assert.Equal(CatalogErrorKind.WrongFormat, csv.Kind);
        Assert.Contains("SIMPLE", csv.Message);
    }

    [Fact]
    public void Csv_named_parquet_and_truncated_parquet()
    {
        var e = Refused("ra,dec\n1,2\n"u8.ToArray(), "x.parquet");
        Assert.Equal(CatalogErrorKind.WrongFormat, e.Kind);
        Assert.Contains("PAR1", e.Message);

        var bytes = ParquetCatalogReaderTests.WriteSample();
        var cut = Refused(bytes[..^10], "x.parquet");
        Assert.Equal(CatalogErrorKind.TruncatedFile, cut.Kind);
    }

    [Fact]
    public void Xml_must_be_a_votable()
    {
        var e = Refused("<?xml version=\"1.0\"?>\n<html><body/></html>"u8.ToArray(), "x.xml");
        Assert.Equal(CatalogErrorKind.WrongFormat, e.Kind);
        Assert.Contains("VOTABLE", e.Message);

        var csv = Refused("ra,dec\n1,2\n"u8.ToArray(), "x.vot");
        Assert.Equal(CatalogErrorKind.WrongFormat, csv.Kind);
        Assert.Contains("text (CSV/TSV)", csv.Message);
    }

    [Fact]
    public void Binary_and_compressed_content_in_a_csv()
    {
        var gz = Refused([0x1F, 0x8B, 8, 0, 0, 0, 0, 0], "x.csv");
        Assert.Equal(CatalogErrorKind.WrongFormat, gz.Kind);
        Assert.Contains("decompress", gz.Message);

        var bin = Refused([(byte)'r', (byte)'a', 0, 1, 2, (byte)'\n'], "x.csv");
        Assert.Equal(CatalogErrorKind.WrongFormat, bin.Kind);
        Assert.Contains("binary data", bin.Message);
    }

    [Fact]
    public void Unknown_extension_lists_the_supported_ones()
    {
        var e = Refused("a,b\n"u8.ToArray(), "cat.xlsx");
        Assert.Equal(CatalogErrorKind.UnsupportedFormat, e.Kind);
        Assert.Contains(".xlsx", e.Message);
        foreach (var ext in new[] { ".csv", ".tsv", ".parquet", ".vot", ".fits" }) Assert.Contains(ext, e.Message);

        Assert.Equal(CatalogErrorKind.UnsupportedFormat, Refused("a\n"u8.ToArray(), "noextension").Kind);
    }

    [Theory]
    [InlineData("e.csv")]
    [InlineData("e.parquet")]
    [InlineData("e.fits")]
    public void Empty_files(string name) => Assert.Equal(CatalogErrorKind.EmptyFile, Refused([], name).Kind);

    [Fact]
    public void Non_seekable_streams_are_spooled()
    {
        var bytes = ParquetCatalogReaderTests.WriteSample();
        using var reader = CatalogReaders.Open(new ForwardOnlyStream(bytes), "up.parquet");
        var rows = 0;
        while (reader.Read()) rows++;
        Assert.Equal(5, rows);
    }

    [Fact]
    public void A_failing_disk_is_an_io_error_not_a_catalog_error()
    {
        var text = "ra,dec\n" + string.Concat(Enumerable.Repeat("1.5,2.5\n", 100_000));
        using var reader = CatalogReaders.Open(new FailingStream(Encoding.UTF8.GetBytes(text), failAfter: 200_000), "big.csv");
        Assert.Throws<IOException>(() => { while (reader.Read()) { } });
    }

    [Fact]
    public void Other_exceptions_from_a_reader_become_malformed_file()
    {
        using var stream = new FaultTrackingStream(new MemoryStream());
        using var reader = new GuardedCatalogReader(new ThrowingReader(), stream);
        var e = Assert.Throws<CatalogException>(() => reader.Read());
        Assert.Equal(CatalogErrorKind.MalformedFile, e.Kind);
        Assert.Equal(8, e.Row);
        Assert.IsType<InvalidCastException>(e.InnerException);
        var cut = Assert.Throws<CatalogException>(() => reader.GetText(0));
        Assert.Equal(CatalogErrorKind.TruncatedFile, cut.Kind);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.GetText(1));
    }

    private sealed class ThrowingReader : ICatalogReader
    {
        public string FileName => "t.csv";
        public CatalogFormat Format => CatalogFormat.Csv;
        public IReadOnlyList<CatalogColumn> Columns { get; } = [new("a", CatalogColumnType.String)];
        public long Row => 7;
        public bool Read() => throw new InvalidCastException("boom");
        public bool IsNull(int column) => false;
        public string GetText(int column) => throw new EndOfStreamException();
        public bool TryGetDouble(int column, out double value) => throw new NotImplementedException();
        public void Dispose() { }
    }

    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    private sealed class FailingStream(byte[] data, int failAfter) : MemoryStream(data)
    {
        // Stream.Read(Span) of a MemoryStream subclass lands here too.
        public override int Read(byte[] buffer, int offset, int count) =>
            Position >= failAfter ? throw new IOException("disk read error") : base.Read(buffer, offset, count);
    }
}
