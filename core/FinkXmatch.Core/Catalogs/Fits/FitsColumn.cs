namespace FinkXmatch.Core.Catalogs.Fits;

/// <summary>How the value of a FITS binary-table column is interpreted once its bytes are read.</summary>
internal enum FitsValueKind
{
    /// <summary>TFORM A: text, trailing spaces/NULs removed.</summary>
    Text,
    /// <summary>Scalar logical (L) or single bit (X).</summary>
    Boolean,
    /// <summary>Scalar integer whose physical value fits a long (raw, unsigned-offset or signed-byte convention).</summary>
    Integer,
    /// <summary>Scalar 64-bit integer stored with TZERO = 2^63: an unsigned long.</summary>
    UnsignedLong,
    /// <summary>Scalar float or scaled integer: a double.</summary>
    Real,
    /// <summary>Arrays, complex numbers: rendered as text only.</summary>
    Vector,
    /// <summary>Variable-length array descriptors (P/Q): exposed without a value.</summary>
    NoValue,
}

/// <summary>One BINTABLE column: where its bytes are in a row and how to turn them into a value.</summary>
internal sealed class FitsColumn
{
    public required string Name { get; init; }

    /// <summary>The TFORM type letter (L, X, B, I, J, K, A, E, D, C, M, P, Q).</summary>
    public required char TypeCode { get; init; }

    /// <summary>The repeat count (for X: number of bits).</summary>
    public required long Repeat { get; init; }

    /// <summary>Bytes the column takes in each row.</summary>
    public required long Width { get; init; }

    /// <summary>Byte offset of the column inside a row.</summary>
    public required int Offset { get; init; }

    public required FitsValueKind Kind { get; init; }

    public required CatalogColumnType Type { get; init; }

    /// <summary>TNULLn: the stored integer that means "no value" (integer columns only).</summary>
    public long? Null { get; init; }

    /// <summary>Added to the stored integer of <see cref="FitsValueKind.Integer"/> columns (exact TZERO).</summary>
    public long IntegerZero { get; init; }

    public double Scale { get; init; } = 1;

    public double Zero { get; init; }

    /// <summary>True when TSCAL/TZERO change values beyond the exact integer conventions.</summary>
    public bool IsScaled { get; init; }

    /// <summary>Size in bytes of one element of the type code (X counted apart, in bits).</summary>
    public static int ElementSize(char code) => code switch
    {
        'L' or 'B' or 'A' => 1,
        'I' => 2,
        'J' or 'E' => 4,
        'K' or 'D' or 'C' or 'P' => 8,
        'M' or 'Q' => 16,
        _ => 0,
    };
}
