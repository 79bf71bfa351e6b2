using System.Globalization;
using FinkXmatch.Core.Catalogs;

namespace FinkXmatch.Core.Tests.Catalogs;

/// <summary>
/// An in-memory <see cref="ICatalogReader"/> over string cells, for tests. Null or "" is a null value; numeric
/// columns parse their cells as invariant numbers, like a binary format would hand them over.
/// </summary>
internal sealed class TableCatalogReader : ICatalogReader
{
    private readonly string?[][] _rows;
    private int _current = -1;

    public TableCatalogReader(string fileName, IReadOnlyList<CatalogColumn> columns, params string?[][] rows)
    {
        FileName = fileName;
        Columns = columns;
        _rows = rows;
    }

    /// <summary>All columns as text, the way CSV readers present them.</summary>
    public TableCatalogReader(string fileName, string[] header, params string?[][] rows)
        : this(fileName, header.Select(h => new CatalogColumn(h, CatalogColumnType.String)).ToArray(), rows)
    {
    }

    public string FileName { get; }

    public CatalogFormat Format => CatalogFormat.Csv;

    public IReadOnlyList<CatalogColumn> Columns { get; }

    public long Row => _current + 1;

    public int TextReads { get; private set; }

    public bool Read() => ++_current < _rows.Length;

    public bool IsNull(int column) => string.IsNullOrEmpty(Cell(column));

    public string GetText(int column)
    {
        TextReads++;
        return Cell(column) ?? "";
    }

    public bool TryGetDouble(int column, out double value)
    {
        value = 0;
        var cell = Cell(column);
        return !string.IsNullOrEmpty(cell)
            && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public void Dispose()
    {
    }

    private string? Cell(int column)
    {
        if (_current < 0 || _current >= _rows.Length) throw new InvalidOperationException("no current row");
        var row = _rows[_current];
        return column < row.Length ? row[column] : null;
    }
}
