namespace FinkXmatch.Core.Catalogs;

/// <summary>Finds a column by the name a user typed: exact match first, then a unique case-insensitive match.</summary>
internal static class ColumnLookup
{
    /// <summary>The column's index; throws <see cref="CatalogErrorKind.MissingColumn"/> naming the available ones.</summary>
    public static int Find(IReadOnlyList<CatalogColumn> columns, string name, string fileName, string role)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.Ordinal)) return i;
        }

        var found = -1;
        var matches = 0;
        for (var i = 0; i < columns.Count; i++)
        {
            if (!string.Equals(columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) continue;
            found = i;
            matches++;
        }
        if (matches == 1) return found;

        var available = string.Join(", ", columns.Select(c => $"'{c.Name}'"));
        var detail = matches > 1
            ? $"the {role} column '{name}' matches several columns that differ only in case; use the exact name. Available columns: {available}"
            : $"no {role} column named '{name}'. Available columns: {available}";
        throw new CatalogException(CatalogErrorKind.MissingColumn, fileName, detail, column: name);
    }
}
