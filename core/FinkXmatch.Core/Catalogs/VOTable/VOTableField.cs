using System.Globalization;

namespace FinkXmatch.Core.Catalogs.VOTable;

/// <summary>The primitive datatypes of VOTable 1.4 §2.1.</summary>
internal enum VOTableDatatype
{
    Boolean,
    Bit,
    UnsignedByte,
    Short,
    Int,
    Long,
    Char,
    UnicodeChar,
    Float,
    Double,
    FloatComplex,
    DoubleComplex,
}

/// <summary>
/// One FIELD of a VOTable TABLE: its datatype and arraysize (which fix the binary layout) and its VALUES null.
/// </summary>
internal sealed class VOTableField
{
    /// <summary>A declared array longer than this is refused rather than allocated.</summary>
    public const long MaxElements = 1 << 24;

    public required string Name { get; init; }
    public required VOTableDatatype Datatype { get; init; }

    /// <summary>Number of primitives per value for fixed sizes (product of the dimensions); 1 for scalars.</summary>
    public required long FixedCount { get; init; }

    /// <summary>True when the last dimension is '*': binary values carry a 4-byte element count first.</summary>
    public required bool IsVariable { get; init; }

    /// <summary>True when arraysize is given with more than one element or is variable.</summary>
    public required bool IsArray { get; init; }

    /// <summary>True for multi-dimensional arraysize (e.g. "3x2").</summary>
    public required bool IsMultiDimensional { get; init; }

    /// <summary>The VALUES null attribute as written, or null.</summary>
    public string? NullText { get; init; }

    public long? NullInteger { get; init; }

    public double? NullReal { get; init; }

    public bool IsText => Datatype is VOTableDatatype.Char or VOTableDatatype.UnicodeChar;

    public bool IsInteger => Datatype is VOTableDatatype.UnsignedByte or VOTableDatatype.Short
        or VOTableDatatype.Int or VOTableDatatype.Long;

    /// <summary>How users see the column: strings for char arrays, numeric types for scalars, Other for arrays.</summary>
    public CatalogColumnType Type => Datatype switch
    {
        VOTableDatatype.Char or VOTableDatatype.UnicodeChar =>
            IsMultiDimensional ? CatalogColumnType.Other : CatalogColumnType.String,
        _ when IsArray => CatalogColumnType.Other,
        VOTableDatatype.Boolean or VOTableDatatype.Bit => CatalogColumnType.Boolean,
        VOTableDatatype.UnsignedByte or VOTableDatatype.Short or VOTableDatatype.Int => CatalogColumnType.Int32,
        VOTableDatatype.Long => CatalogColumnType.Int64,
        VOTableDatatype.Float => CatalogColumnType.Float,
        VOTableDatatype.Double => CatalogColumnType.Double,
        _ => CatalogColumnType.Other,
    };

    /// <summary>Bytes of one primitive in BINARY serialisation (0 for bit: counted in bits).</summary>
    public int ElementSize => Datatype switch
    {
        VOTableDatatype.Boolean or VOTableDatatype.UnsignedByte or VOTableDatatype.Char => 1,
        VOTableDatatype.Short or VOTableDatatype.UnicodeChar => 2,
        VOTableDatatype.Int or VOTableDatatype.Float => 4,
        VOTableDatatype.Long or VOTableDatatype.Double or VOTableDatatype.FloatComplex => 8,
        VOTableDatatype.DoubleComplex => 16,
        _ => 0,
    };

    /// <summary>Bytes taken by <paramref name="count"/> primitives in BINARY serialisation.</summary>
    public long ByteCount(long count) => Datatype == VOTableDatatype.Bit ? (count + 7) / 8 : count * ElementSize;

    /// <summary>Builds a field from its attributes; an unknown datatype or a bad arraysize is a <see cref="CatalogException"/>.</summary>
    public static VOTableField Create(string fileName, string? name, string? id, string? datatype, string? arraysize,
        string? nullText, int position)
    {
        var resolvedName = !string.IsNullOrWhiteSpace(name) ? name.Trim()
            : !string.IsNullOrWhiteSpace(id) ? id.Trim() : $"col{position}";
        var type = ParseDatatype(datatype)
            ?? throw new CatalogException(CatalogErrorKind.MalformedFile, fileName,
                $"FIELD '{resolvedName}' has an unknown datatype '{datatype}'", column: resolvedName);
        var (count, variable, dims) = ParseArraySize(fileName, resolvedName, arraysize);
        long? nullInteger = null;
        double? nullReal = null;
        if (nullText is not null)
        {
            if (TryParseInteger(nullText.AsSpan().Trim(), out var ni)) nullInteger = ni;
            if (double.TryParse(nullText, NumberStyles.Float, CultureInfo.InvariantCulture, out var nr)) nullReal = nr;
        }
        return new VOTableField
        {
            Name = resolvedName, Datatype = type, FixedCount = count, IsVariable = variable,
            IsArray = variable || count != 1 || dims > 1, IsMultiDimensional = dims > 1,
            NullText = nullText, NullInteger = nullInteger, NullReal = nullReal,
        };
    }

    private static VOTableDatatype? ParseDatatype(string? datatype) => datatype?.Trim() switch
    {
        "boolean" => VOTableDatatype.Boolean,
        "bit" => VOTableDatatype.Bit,
        "unsignedByte" => VOTableDatatype.UnsignedByte,
        "short" => VOTableDatatype.Short,
        "int" => VOTableDatatype.Int,
        "long" => VOTableDatatype.Long,
        "char" => VOTableDatatype.Char,
        "unicodeChar" => VOTableDatatype.UnicodeChar,
        "float" => VOTableDatatype.Float,
        "double" => VOTableDatatype.Double,
        "floatComplex" => VOTableDatatype.FloatComplex,
        "doubleComplex" => VOTableDatatype.DoubleComplex,
        _ => null,
    };

    /// <summary>"10", "*", "10*", "3x2", "3x*": the fixed element count, whether the last dimension is variable, dimensions.</summary>
    private static (long Count, bool Variable, int Dims) ParseArraySize(string fileName, string name, string? arraysize)
    {
        if (string.IsNullOrWhiteSpace(arraysize)) return (1, false, 1);
        var parts = arraysize.Trim().Split('x');
        long count = 1;
        var variable = false;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.EndsWith('*'))
            {
                if (i != parts.Length - 1) throw BadArraySize();
                variable = true;
                part = part[..^1];
                if (part.Length == 0) continue;
            }
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MaxElements)
                throw BadArraySize();
            // "10*" gives a maximum, not a fixed size: the variable count decides.
            if (!(variable && i == parts.Length - 1)) count *= n;
            if (count > MaxElements) throw BadArraySize();
        }
        return (count, variable, parts.Length);

        CatalogException BadArraySize() => new(CatalogErrorKind.MalformedFile, fileName,
            $"FIELD '{name}' has an invalid arraysize '{arraysize}'", column: name);
    }

    /// <summary>Decimal or 0x-prefixed hexadecimal integer (VOTable allows both in TABLEDATA).</summary>
    public static bool TryParseInteger(ReadOnlySpan<char> text, out long value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        return long.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
            CultureInfo.InvariantCulture, out value);
    }
}
