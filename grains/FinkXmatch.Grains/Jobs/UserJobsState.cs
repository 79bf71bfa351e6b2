namespace FinkXmatch.Grains.Jobs;

/// <summary>The persisted state of a <see cref="UserJobsGrain"/>.</summary>
[GenerateSerializer]
public sealed class UserJobsState
{
    [Id(0)] public List<ListedJob> Jobs { get; set; } = [];
}

/// <summary>One listed job.</summary>
[GenerateSerializer]
public sealed class ListedJob
{
    [Id(0)] public string JobId { get; set; } = "";
    [Id(1)] public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>Who submitted it: set in the cluster's list (<see cref="AllJobsState"/>), null in a user's own.</summary>
    [Id(2)] public string? Owner { get; set; }
}
