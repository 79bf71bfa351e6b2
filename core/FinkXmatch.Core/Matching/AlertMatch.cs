namespace FinkXmatch.Core.Matching;

/// <summary>One match: the alert's row within the scanned batch, the source's catalog index, their separation.</summary>
public readonly record struct AlertMatch(int AlertRow, int SourceIndex, double SeparationArcsec);
