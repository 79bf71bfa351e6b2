namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Which columns of a text table hold only numbers, seen value by value: <see cref="CatalogColumnType.Int64"/> while
/// every non-empty value is an integer, <see cref="CatalogColumnType.Double"/> while every one is a number, text as
/// soon as one is not (that column is then not looked at again). A column without any value stays text.
/// </summary>
internal sealed class NumberColumns(int count)
{
    private readonly CatalogColumnType[] _types = Enumerable.Repeat(CatalogColumnType.Int64, count).ToArray();
    private readonly bool[] _seen = new bool[count];
    private readonly List<int> _open = [.. Enumerable.Range(0, count)];

    /// <summary>Looks at the current row's values of the columns still numeric.</summary>
    public void Observe(ICatalogReader reader)
    {
        for (var i = _open.Count - 1; i >= 0; i--)
        {
            var column = _open[i];
            if (reader.IsNull(column)) continue;
            _seen[column] = true;
            if (_types[column] == CatalogColumnType.Int64 && reader.TryGetInt64(column, out _)) continue;
            if (reader.TryGetDouble(column, out _))
            {
                _types[column] = CatalogColumnType.Double;
                continue;
            }
            _types[column] = CatalogColumnType.String;
            _open.RemoveAt(i);
        }
    }

    /// <summary><paramref name="columns"/> with the types seen.</summary>
    public IReadOnlyList<CatalogColumn> Typed(IReadOnlyList<CatalogColumn> columns) =>
        columns.Select((c, i) => _seen[i] && _types[i] != CatalogColumnType.String ? c with { Type = _types[i] } : c).ToArray();
}
