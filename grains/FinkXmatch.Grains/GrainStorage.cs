namespace FinkXmatch.Grains;

/// <summary>Names of the grain storage providers the host must register.</summary>
public static class GrainStorage
{
    /// <summary>The one storage provider for every grain's state (memory today, PostgreSQL later).</summary>
    public const string Name = "finkxmatch";
}
