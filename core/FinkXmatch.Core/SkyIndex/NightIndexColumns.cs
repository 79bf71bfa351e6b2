namespace FinkXmatch.Core.SkyIndex;

/// <summary>The rows of a night's sky index held column-wise, in index order (by cell, then by place in the night).</summary>
public sealed class NightIndexColumns(int[] cell, double[] ra, double[] dec, int[] file, int[] rowGroup, int[] row)
{
    public int Count => cell.Length;
    public int[] Cell => cell;
    public double[] Ra => ra;
    public double[] Dec => dec;
    public int[] File => file;
    public int[] RowGroup => rowGroup;
    public int[] Row => row;

    /// <summary>Row <paramref name="i"/> as one value.</summary>
    public IndexedAlert this[int i] => new(cell[i], ra[i], dec[i], file[i], rowGroup[i], row[i]);
}
