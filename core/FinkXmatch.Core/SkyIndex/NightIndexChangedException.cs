namespace FinkXmatch.Core.SkyIndex;

/// <summary>A night's index file was replaced (built again by another process) after it was opened: open it again.</summary>
public sealed class NightIndexChangedException(string path)
    : IOException($"the sky index '{path}' was replaced since it was opened");
