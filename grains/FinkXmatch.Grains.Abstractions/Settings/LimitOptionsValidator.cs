namespace FinkXmatch.Grains.Settings;

/// <summary>Refuses a limit that is not positive (a limit of 0 would refuse everything).</summary>
public sealed class LimitOptionsValidator : SettingsValidator<LimitOptions>
{
    protected override IEnumerable<string?> Failures(LimitOptions options) =>
    [
        Positive(options.MaxUploadBytes, nameof(options.MaxUploadBytes)),
        Positive(options.MaxCatalogRows, nameof(options.MaxCatalogRows)),
        Positive(options.MaxCatalogColumns, nameof(options.MaxCatalogColumns)),
        Positive(options.MaxFields, nameof(options.MaxFields)),
        Positive(options.MaxRequestBodyBytes, nameof(options.MaxRequestBodyBytes)),
        Positive(options.MaxSkySearchRows, nameof(options.MaxSkySearchRows)),
        Positive(options.MaxUnfinishedJobsPerClient, nameof(options.MaxUnfinishedJobsPerClient)),
        Positive(options.MaxUploadsPerUserPerDay, nameof(options.MaxUploadsPerUserPerDay)),
        Positive(options.MaxStoredBytesPerUser, nameof(options.MaxStoredBytesPerUser)),
        Positive(options.MaxUnfinishedJobs, nameof(options.MaxUnfinishedJobs)),
    ];
}
