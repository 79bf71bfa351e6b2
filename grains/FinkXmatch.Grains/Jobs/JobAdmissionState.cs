namespace FinkXmatch.Grains.Jobs;

/// <summary>The persisted state of the <see cref="JobAdmissionGrain"/>: job id → who submitted it, when.</summary>
[GenerateSerializer]
public sealed class JobAdmissionState
{
    [Id(0)] public Dictionary<string, AdmittedJob> Jobs { get; set; } = [];
}

/// <summary>An unfinished job as the register counts it.</summary>
[GenerateSerializer]
public sealed class AdmittedJob
{
    [Id(0)] public string Client { get; set; } = "";
    [Id(1)] public DateTimeOffset AdmittedAt { get; set; }
}
