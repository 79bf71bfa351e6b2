using System.Globalization;
using System.Text;

namespace FinkXmatch.Core.Catalogs.Fits;

/// <summary>
/// The keyword cards of one FITS header (primary or extension), read block by block up to the END card.
/// Values are kept as the text between '=' and the comment; typed getters turn problems into
/// <see cref="CatalogException"/>s naming the keyword.
/// </summary>
internal sealed class FitsHeader
{
    public const int BlockSize = 2880;
    public const int CardSize = 80;

    // A header longer than this (about 36 000 cards) is not a catalog header but damage.
    private const int MaxBlocks = 1000;

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly string _fileName;

    private FitsHeader(string fileName) => _fileName = fileName;

    /// <summary>The first card's keyword (SIMPLE or XTENSION).</summary>
    public string FirstKeyword { get; private set; } = "";

    /// <summary>
    /// Reads one header. Returns null when the stream ends cleanly before the first block (no further HDU).
    /// </summary>
    public static FitsHeader? Read(Stream stream, string fileName, byte[] block, bool primary)
    {
        var header = new FitsHeader(fileName);
        for (var blockIndex = 0; ; blockIndex++)
        {
            var got = stream.ReadAtLeast(block, BlockSize, throwOnEndOfStream: false);
            if (got < BlockSize)
            {
                if (blockIndex == 0 && got == 0 && !primary) return null;
                if (primary && blockIndex == 0 && !StartsWithSimple(block.AsSpan(0, got)))
                    throw got == 0
                        ? new CatalogException(CatalogErrorKind.EmptyFile, fileName, "the file is empty")
                        : NotFits(fileName);
                throw new CatalogException(CatalogErrorKind.TruncatedFile, fileName,
                    "the FITS header ends before its END card: the file is truncated");
            }
            if (primary && blockIndex == 0 && !StartsWithSimple(block)) throw NotFits(fileName);
            if (blockIndex >= MaxBlocks)
                throw new CatalogException(CatalogErrorKind.MalformedFile, fileName,
                    $"the FITS header has no END card in its first {MaxBlocks} blocks");
            for (var offset = 0; offset < BlockSize; offset += CardSize)
            {
                var card = block.AsSpan(offset, CardSize);
                var keyword = Encoding.Latin1.GetString(card[..8]).TrimEnd();
                if (blockIndex == 0 && offset == 0) header.FirstKeyword = keyword;
                if (keyword == "END") return header;
                if (keyword.Length == 0 || card[8] != (byte)'=' || card[9] != (byte)' ') continue;
                header._values.TryAdd(keyword, ValueText(card[10..]));
            }
        }
    }

    private static bool StartsWithSimple(ReadOnlySpan<byte> bytes)
    {
        // "SIMPLE  =" then T in free format; anything else is not a standard FITS file.
        if (bytes.Length < 30 || !bytes[..10].SequenceEqual("SIMPLE  = "u8)) return false;
        return bytes[10..30].Trim((byte)' ').SequenceEqual("T"u8);
    }

    private static CatalogException NotFits(string fileName) =>
        new(CatalogErrorKind.WrongFormat, fileName, "not a FITS file: it does not start with 'SIMPLE  =  T'");

    /// <summary>The value part of a card: a quoted string (quotes removed, '' unescaped) or the text before '/'.</summary>
    private static string ValueText(ReadOnlySpan<byte> field)
    {
        var text = Encoding.Latin1.GetString(field);
        var start = 0;
        while (start < text.Length && text[start] == ' ') start++;
        if (start < text.Length && text[start] == '\'')
        {
            var sb = new StringBuilder();
            for (var i = start + 1; i < text.Length; i++)
            {
                if (text[i] != '\'') { sb.Append(text[i]); continue; }
                if (i + 1 < text.Length && text[i + 1] == '\'') { sb.Append('\''); i++; continue; }
                break;
            }
            // Trailing spaces in FITS strings are not significant.
            return "'" + sb.ToString().TrimEnd();
        }
        var slash = text.IndexOf('/', start);
        return (slash < 0 ? text[start..] : text[start..slash]).Trim();
    }

    public bool Has(string keyword) => _values.ContainsKey(keyword);

    /// <summary>A string keyword's value, or null when absent.</summary>
    public string? GetString(string keyword)
    {
        if (!_values.TryGetValue(keyword, out var raw)) return null;
        return raw.StartsWith('\'') ? raw[1..] : raw;
    }

    public long GetInteger(string keyword)
    {
        if (!_values.TryGetValue(keyword, out var raw))
            throw new CatalogException(CatalogErrorKind.MalformedFile, _fileName,
                $"the FITS header lacks the required keyword {keyword}");
        return ParseInteger(keyword, raw);
    }

    public long? GetOptionalInteger(string keyword) =>
        _values.TryGetValue(keyword, out var raw) ? ParseInteger(keyword, raw) : null;

    public double? GetOptionalReal(string keyword)
    {
        if (!_values.TryGetValue(keyword, out var raw)) return null;
        // FITS allows Fortran 'D' exponents.
        var text = raw.Replace('D', 'E').Replace('d', 'e');
        if (!raw.StartsWith('\'') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            && double.IsFinite(v))
            return v;
        throw Invalid(keyword, raw);
    }

    private long ParseInteger(string keyword, string raw)
    {
        if (!raw.StartsWith('\'') && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            return v;
        throw Invalid(keyword, raw);
    }

    private CatalogException Invalid(string keyword, string raw) =>
        new(CatalogErrorKind.MalformedFile, _fileName,
            $"the FITS keyword {keyword} has an invalid value '{raw.TrimStart('\'')}'");
}
