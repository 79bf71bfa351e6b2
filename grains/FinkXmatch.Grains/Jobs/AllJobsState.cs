namespace FinkXmatch.Grains.Jobs;

/// <summary>The persisted state of an <see cref="AllJobsGrain"/>: its <see cref="ListedJob"/>s carry their owners.</summary>
[GenerateSerializer]
public sealed class AllJobsState
{
    [Id(0)] public List<ListedJob> Jobs { get; set; } = [];
}
