namespace FinkXmatch.Core.Catalogs.VOTable;

/// <summary>
/// The rows of one serialisation (TABLEDATA, BINARY, BINARY2) behind the reader. XML and I/O exceptions may
/// escape <see cref="MoveNext"/>; the reader turns them into <see cref="CatalogException"/>s with the row.
/// </summary>
internal abstract class VOTableRows
{
    /// <summary>Reads the next row; <paramref name="row"/> is its 1-based number (for messages).</summary>
    public abstract bool MoveNext(long row);

    public abstract bool IsNull(int column);

    public abstract string GetText(int column);

    public abstract bool TryGetDouble(int column, out double value);
}

/// <summary>A TABLE without DATA: no rows.</summary>
internal sealed class NoVOTableRows : VOTableRows
{
    public override bool MoveNext(long row) => false;
    public override bool IsNull(int column) => true;
    public override string GetText(int column) => "";
    public override bool TryGetDouble(int column, out double value)
    {
        value = double.NaN;
        return false;
    }
}
