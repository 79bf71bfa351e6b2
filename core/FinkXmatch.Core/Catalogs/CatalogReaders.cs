using FinkXmatch.Core.Catalogs.Fits;
using FinkXmatch.Core.Catalogs.VOTable;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Opens any catalog file: the format comes from the extension and is confirmed by the content (a .csv holding
/// Parquet bytes is refused with a message saying so). The reader returned only ever throws
/// <see cref="CatalogException"/> for bad bytes; a failing disk still surfaces as <see cref="IOException"/>.
/// </summary>
public static class CatalogReaders
{
    private static readonly Dictionary<string, CatalogFormat> FormatByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = CatalogFormat.Csv,
        [".txt"] = CatalogFormat.Csv,
        [".tsv"] = CatalogFormat.Tsv,
        [".tab"] = CatalogFormat.Tsv,
        [".parquet"] = CatalogFormat.Parquet,
        [".parq"] = CatalogFormat.Parquet,
        [".pq"] = CatalogFormat.Parquet,
        [".xml"] = CatalogFormat.VOTable,
        [".vot"] = CatalogFormat.VOTable,
        [".votable"] = CatalogFormat.VOTable,
        [".fits"] = CatalogFormat.Fits,
        [".fit"] = CatalogFormat.Fits,
        [".fts"] = CatalogFormat.Fits,
    };

    /// <summary>The file extensions (with their dot) that <see cref="Open(Stream, string)"/> accepts.</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = [.. FormatByExtension.Keys];

    /// <summary>
    /// The rows <paramref name="reader"/>'s file declares before they are read (a Parquet footer's count), or null when its
    /// format tells none: what a job needs to decide, while the rows load, whether its index will be pruned.
    /// </summary>
    public static long? DeclaredRows(ICatalogReader reader) => ParquetCatalogReader.Of(reader)?.TotalRows;

    /// <summary>The format a file name's extension stands for, or null when it is not a supported one.</summary>
    public static CatalogFormat? FormatOf(string fileName) =>
        FormatByExtension.TryGetValue(Path.GetExtension(fileName), out var format) ? format : null;

    /// <summary>Opens the catalog file at <paramref name="path"/>.</summary>
    /// <exception cref="CatalogException">UnsupportedFormat, WrongFormat, EmptyFile, or what the format reader finds.</exception>
    public static ICatalogReader Open(string path)
    {
        var fileName = Path.GetFileName(path);
        RequireFormat(fileName);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
        return Open(stream, fileName);
    }

    /// <summary>
    /// Opens a catalog from <paramref name="stream"/>, read from its start; <paramref name="fileName"/> gives the format
    /// and names the file in messages. The reader owns the stream. A stream that cannot seek is first spooled to a
    /// temporary file (deleted on close), since Parquet and the content checks need to look at both ends.
    /// </summary>
    /// <exception cref="CatalogException">UnsupportedFormat, WrongFormat, EmptyFile, or what the format reader finds.</exception>
    public static ICatalogReader Open(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        CatalogFormat format;
        try
        {
            format = RequireFormat(Path.GetFileName(fileName));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return Open(stream, fileName, format);
    }

    /// <summary>
    /// Opens a catalog of a known <paramref name="format"/>, whatever <paramref name="fileName"/>'s extension: a stored
    /// copy read under the name its owner uploaded it as, so that messages name the file the owner knows.
    /// </summary>
    /// <exception cref="CatalogException">WrongFormat, EmptyFile, or what the format reader finds.</exception>
    public static ICatalogReader Open(Stream stream, string fileName, CatalogFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        fileName = Path.GetFileName(fileName);
        FaultTrackingStream? tracked = null;
        try
        {
            tracked = new FaultTrackingStream(stream.CanSeek ? stream : Spool(stream));
            var kind = SniffHead(tracked);
            CheckContent(format, kind, fileName);
            var reader = OpenFormat(tracked, fileName, format);
            try
            {
                CheckColumns(reader.Columns, fileName);
            }
            catch
            {
                reader.Dispose();
                throw;
            }
            return new GuardedCatalogReader(reader, tracked);
        }
        catch (Exception e) when (tracked is not null)
        {
            tracked.Dispose();
            throw GuardedCatalogReader.Translate(e, tracked, fileName, row: null);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The format <paramref name="fileName"/>'s extension stands for.</summary>
    /// <exception cref="CatalogException">UnsupportedFormat: no extension, or one no reader knows.</exception>
    public static CatalogFormat RequireFormat(string fileName)
    {
        if (FormatOf(fileName) is { } format) return format;
        var extension = Path.GetExtension(fileName);
        var problem = extension.Length == 0 ? "the file name has no extension to tell its format" : $"unsupported file type '{extension}'";
        throw new CatalogException(CatalogErrorKind.UnsupportedFormat, fileName, $"{problem}: use one of {string.Join(", ", SupportedExtensions)}");
    }

    private static ICatalogReader OpenFormat(Stream stream, string fileName, CatalogFormat format) => format switch
    {
        CatalogFormat.Csv => CsvCatalogReader.Open(stream, fileName, preferred: CsvSeparator.Comma),
        CatalogFormat.Tsv => CsvCatalogReader.Open(stream, fileName, preferred: CsvSeparator.Tab),
        CatalogFormat.Parquet => ParquetCatalogReader.Open(stream, fileName),
        CatalogFormat.VOTable => OpenVOTable(stream, fileName),
        CatalogFormat.Fits => OpenFits(stream, fileName),
        _ => throw new CatalogException(CatalogErrorKind.UnsupportedFormat, fileName, $"no reader for {format}"),
    };

    /// <summary>Every format: at least one column, and no name twice (a column could not be chosen by its name).</summary>
    private static void CheckColumns(IReadOnlyList<CatalogColumn> columns, string fileName)
    {
        if (columns.Count == 0)
            throw new CatalogException(CatalogErrorKind.MalformedFile, fileName, "the table declares no columns");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (!seen.Add(column.Name))
                throw new CatalogException(CatalogErrorKind.DuplicateColumn, fileName, $"the table names column '{column.Name}' twice", column: column.Name);
        }
    }

    private static ICatalogReader OpenVOTable(Stream stream, string fileName) => VOTableCatalogReader.Open(stream, fileName);

    private static ICatalogReader OpenFits(Stream stream, string fileName) => FitsCatalogReader.Open(stream, fileName);

    private static CatalogContentKind SniffHead(Stream stream)
    {
        var head = new byte[(int)Math.Min(CatalogContent.HeadLength, stream.Length)];
        stream.Position = 0;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return CatalogContent.Sniff(head.AsSpan(0, read));
    }

    /// <summary>Refuses content that is plainly not the format the extension claims.</summary>
    private static void CheckContent(CatalogFormat format, CatalogContentKind kind, string fileName)
    {
        if (kind == CatalogContentKind.Empty)
            throw new CatalogException(CatalogErrorKind.EmptyFile, fileName, "the file is empty");
        var fits = format switch
        {
            CatalogFormat.Csv or CatalogFormat.Tsv => kind == CatalogContentKind.Text,
            CatalogFormat.Parquet => kind == CatalogContentKind.Parquet,
            CatalogFormat.VOTable => kind == CatalogContentKind.VOTable,
            CatalogFormat.Fits => kind == CatalogContentKind.Fits,
            _ => false,
        };
        if (fits) return;
        var detail = kind == CatalogContentKind.OtherXml && format == CatalogFormat.VOTable
            ? "this is XML but not a VOTable: no VOTABLE element"
            : $"the content looks like {CatalogContent.Describe(kind)}, not {Expected(format)}{CatalogContent.Advice(kind)}";
        throw new CatalogException(CatalogErrorKind.WrongFormat, fileName, detail);
    }

    private static string Expected(CatalogFormat format) => format switch
    {
        CatalogFormat.Csv => "CSV text",
        CatalogFormat.Tsv => "TSV text",
        CatalogFormat.Parquet => "Parquet (it does not start with 'PAR1')",
        CatalogFormat.VOTable => "a VOTable",
        _ => "FITS (it does not start with 'SIMPLE  =')",
    };

    private static FileStream Spool(Stream source)
    {
        var path = Path.Combine(Path.GetTempPath(), $"finkxmatch-upload-{Guid.NewGuid():N}");
        var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            using (source) source.CopyTo(spool);
            spool.Position = 0;
            return spool;
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }
}
