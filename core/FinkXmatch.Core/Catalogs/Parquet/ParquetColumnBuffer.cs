using System.Buffers;
using System.Globalization;
using System.Numerics;
using Parquet;
using Parquet.Schema;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// The values of one flat Parquet column for the current row group, in a pooled array reused across row groups.
/// One subclass per value kind so that <see cref="TryGetDouble"/> converts without boxing.
/// </summary>
internal abstract class ParquetColumnBuffer(DataField field, CatalogColumn column)
{
    public DataField Field { get; } = field;

    public CatalogColumn Column { get; } = column;

    public abstract ValueTask LoadAsync(ParquetRowGroupReader rowGroup, int rows);

    public abstract bool IsNull(int row);

    public abstract string GetText(int row);

    public abstract bool TryGetDouble(int row, out double value);

    public abstract void Release();

    /// <summary>A buffer for <paramref name="field"/>, or null when its type is not one a catalog column can hold.</summary>
    public static ParquetColumnBuffer? For(DataField field, string name)
    {
        var t = field.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) return new TextBuffer(field, name);
        if (t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>)) return new BytesBuffer(field, name);
        if (t == typeof(bool)) return new BooleanBuffer(field, name);
        if (t == typeof(int)) return new NumberBuffer<int>(field, name, CatalogColumnType.Int32);
        if (t == typeof(short)) return new NumberBuffer<short>(field, name, CatalogColumnType.Int32);
        if (t == typeof(ushort)) return new NumberBuffer<ushort>(field, name, CatalogColumnType.Int32);
        if (t == typeof(sbyte)) return new NumberBuffer<sbyte>(field, name, CatalogColumnType.Int32);
        if (t == typeof(byte)) return new NumberBuffer<byte>(field, name, CatalogColumnType.Int32);
        if (t == typeof(long)) return new NumberBuffer<long>(field, name, CatalogColumnType.Int64);
        if (t == typeof(uint)) return new NumberBuffer<uint>(field, name, CatalogColumnType.Int64);
        if (t == typeof(ulong)) return new NumberBuffer<ulong>(field, name, CatalogColumnType.Int64);
        if (t == typeof(float)) return new NumberBuffer<float>(field, name, CatalogColumnType.Float);
        if (t == typeof(Half)) return new NumberBuffer<Half>(field, name, CatalogColumnType.Float);
        if (t == typeof(double)) return new NumberBuffer<double>(field, name, CatalogColumnType.Double);
        if (t == typeof(decimal)) return new NumberBuffer<decimal>(field, name, CatalogColumnType.Double);
        if (t == typeof(DateTime)) return new OtherBuffer<DateTime>(field, name, static d => d.ToString("O", CultureInfo.InvariantCulture));
        if (t == typeof(DateOnly)) return new OtherBuffer<DateOnly>(field, name, static d => d.ToString("O", CultureInfo.InvariantCulture));
        if (t == typeof(TimeOnly)) return new OtherBuffer<TimeOnly>(field, name, static d => d.ToString("O", CultureInfo.InvariantCulture));
        if (t == typeof(TimeSpan)) return new OtherBuffer<TimeSpan>(field, name, static d => d.ToString("c", CultureInfo.InvariantCulture));
        if (t == typeof(Guid)) return new OtherBuffer<Guid>(field, name, static d => d.ToString());
        return null; // BigDecimal, intervals, ...: not catalog material, the column is left out
    }

    private static T[] Rent<T>(ref T[] array, int rows)
    {
        if (array.Length < rows)
        {
            if (array.Length > 0) ArrayPool<T>.Shared.Return(array, clearArray: RuntimeHelpersIsReference<T>());
            array = ArrayPool<T>.Shared.Rent(rows);
        }
        return array;
    }

    private static bool RuntimeHelpersIsReference<T>() => System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>();

    private static void Return<T>(ref T[] array)
    {
        if (array.Length > 0) ArrayPool<T>.Shared.Return(array, clearArray: RuntimeHelpersIsReference<T>());
        array = [];
    }

    private sealed class NumberBuffer<T>(DataField field, string name, CatalogColumnType type)
        : ParquetColumnBuffer(field, new CatalogColumn(name, type))
        where T : struct, INumberBase<T>
    {
        private T?[] _values = [];
        private T[] _required = [];
        private readonly bool _isRequired = field.MaxDefinitionLevel == 0;

        // A required column is read into plain values: read into nullable ones, Parquet.Net (5.x) placed them by the
        // definition levels of an earlier optional column when the column before it had not been read through it.
        public override ValueTask LoadAsync(ParquetRowGroupReader rowGroup, int rows) => _isRequired
            ? rowGroup.ReadAsync(Field, Rent(ref _required, rows).AsMemory(0, rows))
            : rowGroup.ReadAsync(Field, Rent(ref _values, rows).AsMemory(0, rows));

        public override bool IsNull(int row) => !_isRequired && !_values[row].HasValue;

        public override string GetText(int row) =>
            TryGet(row, out var v) ? v.ToString(null, CultureInfo.InvariantCulture) : "";

        public override bool TryGetDouble(int row, out double value)
        {
            var defined = TryGet(row, out var v);
            value = defined ? double.CreateSaturating(v) : 0;
            return defined;
        }

        private bool TryGet(int row, out T value)
        {
            if (_isRequired)
            {
                value = _required[row];
                return true;
            }
            value = _values[row].GetValueOrDefault();
            return _values[row].HasValue;
        }

        public override void Release()
        {
            Return(ref _values);
            Return(ref _required);
        }
    }

    private sealed class BooleanBuffer(DataField field, string name)
        : ParquetColumnBuffer(field, new CatalogColumn(name, CatalogColumnType.Boolean))
    {
        private bool?[] _values = [];

        public override ValueTask LoadAsync(ParquetRowGroupReader rowGroup, int rows) =>
            rowGroup.ReadAsync(Field, Rent(ref _values, rows).AsMemory(0, rows));

        public override bool IsNull(int row) => !_values[row].HasValue;

        public override string GetText(int row) => _values[row] switch { true => "true", false => "false", null => "" };

        public override bool TryGetDouble(int row, out double value)
        {
            value = 0;
            return false;
        }

        public override void Release() => Return(ref _values);
    }

    private sealed class TextBuffer(DataField field, string name)
        : ParquetColumnBuffer(field, new CatalogColumn(name, CatalogColumnType.String))
    {
        private string?[] _values = [];

        public override ValueTask LoadAsync(ParquetRowGroupReader rowGroup, int rows) =>
            rowGroup.ReadAsync(Field, Rent(ref _values, rows).AsMemory(0, rows)!);

        public override bool IsNull(int row) => _values[row] is null;

        public override string GetText(int row) => _values[row] ?? "";

        public override bool TryGetDouble(int row, out double value)
        {
            value = 0;
            return _values[row] is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        public override void Release() => Return(ref _values);
    }

    private sealed class BytesBuffer(DataField field, string name)
        : ParquetColumnBuffer(field, new CatalogColumn(name, CatalogColumnType.Bytes))
    {
        private byte[]?[] _values = [];

        public override ValueTask LoadAsync(ParquetRowGroupReader rowGroup, int rows) =>
            rowGroup.ReadAsync(Field, Rent(ref _values, rows).AsMemory(0, rows)!);

        public override bool IsNull(int row) => _values[row] is null;

        /// <summary>Base64, the usual text form of binary cells.</summary>
        public override string GetText(int row) => _values[row] is { } b ? Convert.ToBase64String(b) : "";

        public override bool TryGetDouble(int row, out double value)
        {
            value = 0;
            return false;
        }

        public override void Release() => Return(ref _values);
    }

    private sealed class OtherBuffer<T>(DataField field, string name, Func<T, string> format)
        : ParquetColumnBuffer(field, new CatalogColumn(name, CatalogColumnType.Other))
        where T : struct
    {
        private T?[] _values = [];

        public override ValueTask LoadAsync(ParquetRowGroupReader rowGroup, int rows) =>
            rowGroup.ReadAsync(Field, Rent(ref _values, rows).AsMemory(0, rows));

        public override bool IsNull(int row) => !_values[row].HasValue;

        public override string GetText(int row) => _values[row] is { } v ? format(v) : "";

        public override bool TryGetDouble(int row, out double value)
        {
            value = 0;
            return false;
        }

        public override void Release() => Return(ref _values);
    }
}
