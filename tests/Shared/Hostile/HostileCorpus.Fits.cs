using System.Text;

namespace FinkXmatch.Tests.Hostile;

/// <summary>FITS: the real 4LAC table truncated, with forged header cards (sizes, column formats) and no table.</summary>
internal static partial class HostileCorpus
{
    private static IEnumerable<HostileFile> Fits(ValidCatalogs valid)
    {
        var fits = valid.FourLacFits;
        HostileFile Card(string what, string keyword, string value, params string[] mentions) =>
            Upload($"fits: {what}", $"4lac-{Slug(what)}.fits", WithCard(fits, keyword, value), [$"4lac-{Slug(what)}.fits", .. mentions]);

        yield return Upload("fits: header block only", "primary-only.fits", fits[..2880], "primary-only.fits", "table");
        yield return Upload("fits: truncated in the table header", "cut-header.fits", fits[..4000], "cut-header.fits", "truncated");
        yield return Upload("fits: truncated in the data", "cut-data.fits", Cut(fits, 0.6), "cut-data.fits", "truncated");
        yield return Upload("fits: last block missing", "minus-block.fits", fits[..^2880], "minus-block.fits", "truncated");
        yield return Upload("fits: no END card", "no-end.fits", NoEnd(fits), "no-end.fits", "END");
        yield return Upload("fits: random bytes after SIMPLE", "noise.fits", [.. "SIMPLE  =                    T"u8, .. Garbage(6000, 8)], "noise.fits", "FITS");
        yield return Upload("fits: primary image, no table", "image.fits", Image(), "image.fits", "binary table");
        yield return Card("NAXIS2 2^40 rows", "NAXIS2", "1099511627776", "1099511627776 rows", "truncated");
        yield return Card("NAXIS2 negative", "NAXIS2", "-3", "NAXIS2");
        yield return Card("NAXIS2 more rows than the data", "NAXIS2", "400000", "truncated");
        yield return Card("NAXIS1 not the sum of the columns", "NAXIS1", "262", "NAXIS1");
        yield return Card("NAXIS1 huge", "NAXIS1", "2147483647", "NAXIS1");
        yield return Card("TFIELDS 100000", "TFIELDS", "100000", "TFIELDS");
        yield return Card("TFIELDS zero", "TFIELDS", "0", "0 bytes per row", "NAXIS1 = 261");
        yield return Card("TFORM3 unknown code", "TFORM3", "'Q       '", "TFORM3");
        yield return Card("TFORM1 repeat 2^31", "TFORM1", "'2147483647A'", "TFORM1");
        yield return Card("PCOUNT huge heap", "PCOUNT", "1099511627776", "PCOUNT");
        yield return Card("BITPIX 16 in a table", "BITPIX", "16", "BITPIX");
        yield return Card("TTYPE4 same as TTYPE3", "TTYPE4", "'RAJ2000 '", "column 'RAJ2000'", "twice");
        yield return Card("NAXIS2 not a number", "NAXIS2", "'many'", "NAXIS2");

        yield return Values("fits: RA column missing", "4lac-no-ra.fits", WithCard(fits, "TTYPE3", "'RA_X    '"), new HostileColumns("RAJ2000", "DEJ2000", "Source_Name"),
            "4lac-no-ra.fits", "no RA column named 'RAJ2000'");
        yield return Values("fits: duplicated source name", "4lac-dup.fits", DuplicateFirstName(fits), new HostileColumns("RAJ2000", "DEJ2000", "Source_Name"),
            "4lac-dup.fits", "row 2", "already used");
    }

    /// <summary>The file with the first card <paramref name="keyword"/> of the table header given <paramref name="value"/>.</summary>
    private static byte[] WithCard(byte[] fits, string keyword, string value)
    {
        var copy = (byte[])fits.Clone();
        // Cards of the table header, after the 2880-byte primary header.
        for (var at = 2880; at + 80 <= copy.Length; at += 80)
        {
            var card = Encoding.ASCII.GetString(copy, at, 80);
            if (card.StartsWith("END ", StringComparison.Ordinal)) break;
            if (card[..8].TrimEnd() != keyword) continue;
            var text = $"{keyword,-8}= {value,20}".PadRight(80)[..80];
            Encoding.ASCII.GetBytes(text).CopyTo(copy, at);
            return copy;
        }
        throw new InvalidOperationException($"no {keyword} card in the table header");
    }

    private static byte[] NoEnd(byte[] fits)
    {
        var copy = (byte[])fits.Clone();
        for (var at = 2880; at + 80 <= copy.Length; at += 80)
        {
            if (Encoding.ASCII.GetString(copy, at, 4) != "END ") continue;
            Encoding.ASCII.GetBytes("COMMENT no end".PadRight(80)).CopyTo(copy, at);
            return copy;
        }
        throw new InvalidOperationException("no END card");
    }

    // A primary HDU holding a 10×10 8-bit image and nothing else.
    private static byte[] Image()
    {
        var header = new StringBuilder();
        foreach (var card in new[] { "SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    2", "NAXIS1  =                   10", "NAXIS2  =                   10", "END" })
            header.Append(card.PadRight(80));
        while (header.Length % 2880 != 0) header.Append(' ');
        return [.. Encoding.ASCII.GetBytes(header.ToString()), .. new byte[2880]];
    }

    // Row 2's Source_Name (the first 18 bytes of the row) set to row 1's.
    private static byte[] DuplicateFirstName(byte[] fits)
    {
        var copy = (byte[])fits.Clone();
        var dataStart = DataStart(copy);
        copy.AsSpan(dataStart, 18).CopyTo(copy.AsSpan(dataStart + 261, 18));
        return copy;
    }

    private static int DataStart(byte[] fits)
    {
        for (var at = 2880; at + 80 <= fits.Length; at += 80)
        {
            if (Encoding.ASCII.GetString(fits, at, 4) == "END ") return (at / 2880 + 1) * 2880;
        }
        throw new InvalidOperationException("no END card");
    }
}
