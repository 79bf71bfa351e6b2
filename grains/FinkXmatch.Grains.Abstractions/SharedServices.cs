using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains;

/// <summary>
/// The services the HTTP API and the grains of one process share, registered in this one place by both (the first
/// registration wins, so a process holding both has one of each): the clock, the catalog and index cache (a submitted
/// catalog is loaded once for validation and scans, within the limits its upload was checked against), the
/// datalakes served, their nights' sky indexes and the audit log.
/// </summary>
public static class SharedServices
{
    public static IServiceCollection AddFinkXmatchShared(this IServiceCollection services)
    {
        // TryAdd: the host (or a test, with a clock it can advance) may have registered its own.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton(sp => new CatalogIndexCache(limits: Options<LimitOptions>(sp).CatalogLimits()));
        services.TryAddSingleton(sp => new SurveyDatalakes(Options<DatalakeOptions>(sp).Datalake, Options<DatalakeOptions>(sp).Datalakes));
        // Each night's sky index, under the data directory (the datalake may be read-only).
        services.TryAddSingleton(sp => new Core.SkyIndex.SkyIndexStore(Path.Combine(Options<DataDirectoryOptions>(sp).DataDirectory, "index")));
        return services;
    }

    private static T Options<T>(IServiceProvider services) where T : class => services.GetRequiredService<IOptions<T>>().Value;
}
