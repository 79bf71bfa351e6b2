namespace FinkXmatch.Core.SkyIndex;

/// <summary>
/// One row of a night's sky index: the alert's HEALPix cell (NESTED, <see cref="NightIndexFile.Order"/>; its nside-128 cell is <c>Cell >> 12</c>), its position
/// and where it lives in the datalake: the night's file (index in the night's sorted file list), row group and row.
/// </summary>
public readonly record struct IndexedAlert(int Cell, double Ra, double Dec, int File, int RowGroup, int Row);
