using System.Globalization;
using System.Numerics;
using FinkXmatch.Core.Sky.Moc;

namespace FinkXmatch.Core.Catalogs.Fits;

/// <summary>
/// Reads a FITS MOC (IVOA MOC 1.1 §2.3.1, MOC 2.0 §4.3.1) through the catalogs' FITS reader: the first BINTABLE
/// extension, holding one integer column (<c>UNIQ</c>, TFORM <c>J</c> or <c>K</c>) of NUNIQ values
/// (<c>4·4^order + pixel</c>), with <c>ORDERING = 'NUNIQ'</c>, the MOC's order in <c>MOCORD_S</c> (2.0) or
/// <c>MOCORDER</c> (1.1), and, when present, <c>PIXTYPE = 'HEALPIX'</c>, <c>MOCDIM = 'SPACE'</c>, <c>COORDSYS = 'C'</c>.
/// Answers the cells per order, as <see cref="MocJson.Parse(ReadOnlySpan{byte})"/> does for a JSON MOC.
/// </summary>
public static class FitsMocReader
{
    /// <summary>Whether bytes start as a FITS file does (<c>SIMPLE  =</c>): a MOC file is FITS, else JSON.</summary>
    public static bool IsFits(ReadOnlySpan<byte> start) => start.StartsWith("SIMPLE  ="u8);

    /// <summary>The MOC's cells per order; the order it declares is a key even when it holds no cell (its resolution).</summary>
    /// <exception cref="MocFormatException">Not FITS, no binary table, not one integer NUNIQ column, a keyword saying
    /// another kind of MOC or map, a null or out-of-range value or a cell finer than the declared order; the message names
    /// <paramref name="name"/> and, for a value, its row.</exception>
    public static IReadOnlyDictionary<int, long[]> ReadCells(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = FitsCatalogReader.Open(stream, name);
            var header = reader.TableHeader;
            if (reader.Columns.Count != 1 || reader.Columns[0].Type is not (CatalogColumnType.Int32 or CatalogColumnType.Int64))
                throw new MocFormatException($"{name}: a FITS MOC has one integer column of NUNIQ values (TFORM J or K), " +
                    $"this table has {string.Join(", ", reader.Columns.Select(c => $"{c.Name} ({c.Type})"))}");
            Expect(header, name, "ORDERING", "NUNIQ", required: true,
                "a MOC 2.0 RANGE MOC is not read: write it with NUNIQ ordering (MOC 1.1 style)");
            Expect(header, name, "PIXTYPE", "HEALPIX", required: false, "");
            Expect(header, name, "MOCDIM", "SPACE", required: false, "only spatial MOCs are regions of the sky");
            Expect(header, name, "COORDSYS", "C", required: false, "only equatorial (ICRS) MOCs are read");
            var declared = DeclaredOrder(header, name);
            var cells = new Dictionary<int, List<long>>();
            // The declared order is the MOC's resolution even without a cell of it; one finer than a coverage bitmap holds
            // changes no membership (the cells' orders decide), so it is left to the cells then.
            if (declared is { } order && order <= SkyCoverage.MaxBitmapOrder) cells[order] = [];
            while (reader.Read())
            {
                if (reader.IsNull(0)) throw new MocFormatException($"{name}, row {reader.Row}: the NUNIQ value is null");
                var nuniq = long.Parse(reader.GetText(0), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                var (cellOrder, pixel) = Split(nuniq, name, reader.Row);
                if (cellOrder > declared)
                    throw new MocFormatException($"{name}, row {reader.Row}: NUNIQ {nuniq} is a cell of order {cellOrder}, finer than the MOC's order {declared}");
                if (!cells.TryGetValue(cellOrder, out var list)) cells[cellOrder] = list = [];
                list.Add(pixel);
            }
            return cells.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        }
        catch (CatalogException e)
        {
            throw new MocFormatException($"not a FITS MOC: {e.Message}", e);
        }
    }

    /// <summary>NUNIQ = 4·4^order + pixel, the order the largest with 4·4^order ≤ NUNIQ (orders 0..29).</summary>
    private static (int Order, long Pixel) Split(long nuniq, string name, long row)
    {
        if (nuniq < 4 || nuniq >= 16L << (2 * MocJson.MaxOrder))
            throw new MocFormatException($"{name}, row {row}: NUNIQ {nuniq} is not a cell of orders 0..{MocJson.MaxOrder} (4 to 2^62 - 1)");
        var order = BitOperations.Log2((ulong)(nuniq >> 2)) / 2;
        return (order, nuniq - (4L << (2 * order)));
    }

    private static int? DeclaredOrder(FitsHeader header, string name)
    {
        var keyword = header.Has("MOCORD_S") ? "MOCORD_S" : header.Has("MOCORDER") ? "MOCORDER" : null;
        if (keyword is null) return null;
        var order = header.GetInteger(keyword);
        if (order is < 0 or > MocJson.MaxOrder)
            throw new MocFormatException($"{name}: {keyword} = {order} is not an order in 0..{MocJson.MaxOrder}");
        return (int)order;
    }

    private static void Expect(FitsHeader header, string name, string keyword, string value, bool required, string why)
    {
        var given = header.GetString(keyword)?.Trim();
        if (given is null && !required) return;
        if (!string.Equals(given, value, StringComparison.OrdinalIgnoreCase))
            throw new MocFormatException($"{name}: a FITS MOC has {keyword} = '{value}', this one " +
                (given is null ? "has none" : $"has '{given}'") + (why.Length > 0 ? $" ({why})" : ""));
    }
}
