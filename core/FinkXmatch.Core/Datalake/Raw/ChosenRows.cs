namespace FinkXmatch.Core.Datalake.Raw;

/// <summary>Rows chosen for late materialization: <paramref name="Rows"/> (ascending) of row group <paramref name="RowGroup"/>, which holds <paramref name="RowCount"/> rows.</summary>
internal readonly record struct ChosenRows(int RowGroup, int RowCount, IReadOnlyList<int> Rows);
