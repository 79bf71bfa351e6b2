using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Xmatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains.Jobs;

/// <summary>The per-silo services of the job grains. The host also registers a <c>KafkaEndpoint</c> and the options.</summary>
public static class JobServiceCollectionExtensions
{
    public static IServiceCollection AddXmatchJobs(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Within the limits the API checked at upload (the same settings), not the core defaults.
        services.TryAddSingleton<CatalogIndexCache>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<FinkXmatchOptions>>().Value;
            return new CatalogIndexCache(limits: new CatalogLimits(options.MaxCatalogRows, options.MaxCatalogColumns));
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<FinkXmatchOptions>>().Value;
            return new SurveyDatalakes(o.Datalake, o.Datalakes);
        });
        services.TryAddSingleton<XmatchJobResources>();
        return services;
    }
}
