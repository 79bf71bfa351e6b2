using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinkXmatch.Grains.Jobs;

/// <summary>The per-silo services of the job grains. The host also registers a <c>KafkaEndpoint</c> and the options.</summary>
public static class JobServiceCollectionExtensions
{
    public static IServiceCollection AddXmatchJobs(this IServiceCollection services)
    {
        services.AddFinkXmatchShared();
        services.TryAddSingleton<XmatchJobResources>();
        // Tests register their own observer first, to count scans and hold them at known steps.
        services.TryAddSingleton<IShardScanObserver, NoShardScanObserver>();
        return services;
    }
}
