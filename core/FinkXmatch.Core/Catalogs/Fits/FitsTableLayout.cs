using System.Globalization;

namespace FinkXmatch.Core.Catalogs.Fits;

/// <summary>
/// The shape of a BINTABLE extension read from its header: row width, row count and columns with their
/// TFORM/TTYPE/TNULL/TSCAL/TZERO. Every inconsistency is a <see cref="CatalogException"/>.
/// </summary>
internal sealed class FitsTableLayout
{
    /// <summary>Rows wider than this are refused rather than allocated (catalog rows are a few KiB).</summary>
    public const int MaxRowWidth = 4 << 20;

    /// <summary>More rows than this cannot be a real catalog: NAXIS2 is damaged.</summary>
    public const long MaxRows = 1L << 40;

    private const int MaxFields = 999;

    private FitsTableLayout(int rowWidth, long rowCount, long heapBytes, FitsColumn[] columns)
    {
        RowWidth = rowWidth;
        RowCount = rowCount;
        HeapBytes = heapBytes;
        Columns = columns;
    }

    public int RowWidth { get; }
    public long RowCount { get; }

    /// <summary>PCOUNT: the bytes after the table (the heap of variable-length arrays), which the file must hold too.</summary>
    public long HeapBytes { get; }
    public IReadOnlyList<FitsColumn> Columns { get; }

    public static FitsTableLayout Parse(FitsHeader header, string fileName)
    {
        CatalogException Bad(string detail) => new(CatalogErrorKind.MalformedFile, fileName, detail);

        if (header.GetInteger("BITPIX") != 8) throw Bad("the BINTABLE header must have BITPIX = 8");
        if (header.GetInteger("NAXIS") != 2) throw Bad("the BINTABLE header must have NAXIS = 2");
        var naxis1 = header.GetInteger("NAXIS1");
        var naxis2 = header.GetInteger("NAXIS2");
        if (naxis1 < 0) throw Bad($"NAXIS1 = {naxis1} is negative");
        if (naxis1 > MaxRowWidth)
            throw new CatalogException(CatalogErrorKind.UnsupportedFormat, fileName,
                $"NAXIS1 = {naxis1}: rows wider than {MaxRowWidth} bytes are not supported");
        if (naxis2 < 0 || naxis2 > MaxRows) throw Bad($"NAXIS2 = {naxis2} is not a plausible row count");
        var heap = header.GetOptionalInteger("PCOUNT") ?? 0;
        if (heap < 0) throw Bad($"PCOUNT = {heap} is negative");
        var fieldCount = header.GetInteger("TFIELDS");
        if (fieldCount < 0 || fieldCount > MaxFields) throw Bad($"TFIELDS = {fieldCount} is out of range 0..{MaxFields}");

        var columns = new FitsColumn[fieldCount];
        long offset = 0;
        for (var n = 1; n <= fieldCount; n++)
        {
            var column = ParseColumn(header, fileName, n, (int)Math.Min(offset, MaxRowWidth));
            offset += column.Width;
            if (offset > naxis1)
                throw Bad($"the columns up to TFORM{n} take {offset} bytes per row, more than NAXIS1 = {naxis1}");
            columns[n - 1] = column;
        }
        if (offset != naxis1)
            throw Bad($"the columns take {offset} bytes per row but NAXIS1 = {naxis1}");
        return new FitsTableLayout((int)naxis1, naxis2, heap, columns);
    }

    private static FitsColumn ParseColumn(FitsHeader header, string fileName, int n, int offset)
    {
        var form = header.GetString($"TFORM{n}")?.Trim();
        if (string.IsNullOrEmpty(form))
            throw new CatalogException(CatalogErrorKind.MalformedFile, fileName, $"the FITS header lacks TFORM{n}");
        var digits = 0;
        while (digits < form.Length && char.IsAsciiDigit(form[digits])) digits++;
        var code = digits < form.Length ? form[digits] : '?';
        var elementSize = FitsColumn.ElementSize(code);
        if (elementSize == 0 && code != 'X')
            throw new CatalogException(CatalogErrorKind.MalformedFile, fileName,
                $"TFORM{n} = '{form}' is not a valid binary-table format");
        long repeat = 1;
        if (digits > 0 && (!long.TryParse(form.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out repeat)
                           || repeat > (long)MaxRowWidth * 8))
            throw new CatalogException(CatalogErrorKind.MalformedFile, fileName,
                $"TFORM{n} = '{form}' has an implausible repeat count");
        // P/Q descriptors are one per column whatever the repeat (0 or 1).
        var width = code switch
        {
            'X' => (repeat + 7) / 8,
            'P' or 'Q' => repeat == 0 ? 0 : elementSize,
            _ => repeat * elementSize,
        };

        var name = header.GetString($"TTYPE{n}")?.Trim();
        if (string.IsNullOrEmpty(name)) name = $"col{n}";
        var scale = header.GetOptionalReal($"TSCAL{n}") ?? 1;
        var zero = header.GetOptionalReal($"TZERO{n}") ?? 0;
        var isInteger = code is 'B' or 'I' or 'J' or 'K';
        var tnull = isInteger ? header.GetOptionalInteger($"TNULL{n}") : null;

        var (kind, type, integerZero) = Classify(code, repeat, scale, zero);
        return new FitsColumn
        {
            Name = name, TypeCode = code, Repeat = repeat, Width = width, Offset = offset,
            Kind = kind, Type = type, Null = tnull, Scale = scale, Zero = zero, IntegerZero = integerZero,
            IsScaled = kind == FitsValueKind.Real && (scale != 1 || zero != 0)
                       || kind == FitsValueKind.Vector && isInteger && (scale != 1 || zero != 0),
        };
    }

    private static (FitsValueKind, CatalogColumnType, long) Classify(char code, long repeat, double scale, double zero)
    {
        if (code == 'A') return (FitsValueKind.Text, CatalogColumnType.String, 0);
        if (code is 'P' or 'Q' || repeat == 0) return (FitsValueKind.NoValue, CatalogColumnType.Other, 0);
        if (code == 'X' && repeat == 1 || code == 'L' && repeat == 1) return (FitsValueKind.Boolean, CatalogColumnType.Boolean, 0);
        if (repeat > 1 || code is 'C' or 'M' or 'X' or 'L') return (FitsValueKind.Vector, CatalogColumnType.Other, 0);
        switch (code)
        {
            case 'E':
                return scale == 1 && zero == 0
                    ? (FitsValueKind.Real, CatalogColumnType.Float, 0)
                    : (FitsValueKind.Real, CatalogColumnType.Double, 0);
            case 'D':
                return (FitsValueKind.Real, CatalogColumnType.Double, 0);
            case 'K' when scale == 1 && zero == 9223372036854775808.0:
                return (FitsValueKind.UnsignedLong, CatalogColumnType.Other, 0);
            case 'K' when scale == 1 && zero == 0:
                return (FitsValueKind.Integer, CatalogColumnType.Int64, 0);
            case 'B' or 'I' or 'J' when scale == 1 && zero == Math.Round(zero) && Math.Abs(zero) <= 1L << 53:
                // An integral offset keeps values exact integers (covers the unsigned and signed-byte conventions).
                var (min, max) = code switch
                {
                    'B' => (0L, 255L),
                    'I' => (short.MinValue, short.MaxValue),
                    _ => ((long)int.MinValue, (long)int.MaxValue),
                };
                var z = (long)zero;
                var fitsInt32 = min + z >= int.MinValue && max + z <= int.MaxValue;
                return (FitsValueKind.Integer, fitsInt32 ? CatalogColumnType.Int32 : CatalogColumnType.Int64, z);
            default:
                return (FitsValueKind.Real, CatalogColumnType.Double, 0);
        }
    }
}
