using System.Globalization;
using System.Text;

namespace FinkXmatch.Core.Tests.Catalogs.Fits;

/// <summary>Writes small FITS files card by card for tests: a primary HDU, optional extensions, raw data.</summary>
internal sealed class FitsFileBuilder
{
    private readonly MemoryStream _bytes = new();

    /// <summary>One 80-character card: keyword, '= ', value as given (already FITS-formatted).</summary>
    public static string Card(string keyword, string value) =>
        value.StartsWith('\'') ? $"{keyword,-8}= {value,-20}" : $"{keyword,-8}= {value,20}";

    public static string Str(string s) => "'" + s.Replace("'", "''").PadRight(8) + "'";

    public static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);

    public FitsFileBuilder Header(params string[] cards)
    {
        var text = new StringBuilder();
        foreach (var card in cards.Append("END")) text.Append(card.PadRight(80)[..80]);
        while (text.Length % 2880 != 0) text.Append(' ');
        _bytes.Write(Encoding.ASCII.GetBytes(text.ToString()));
        return this;
    }

    public FitsFileBuilder Primary() => Header(Card("SIMPLE", "T"), Card("BITPIX", "8"), Card("NAXIS", "0"), Card("EXTEND", "T"));

    /// <summary>Data bytes, zero-padded to a whole 2880-byte block.</summary>
    public FitsFileBuilder Data(byte[] data)
    {
        _bytes.Write(data);
        var pad = (2880 - data.Length % 2880) % 2880;
        _bytes.Write(new byte[pad]);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();
}
