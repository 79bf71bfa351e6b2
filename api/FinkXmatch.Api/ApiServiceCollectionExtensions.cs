using FinkXmatch.Api.Auth;
using FinkXmatch.Api.Catalogs;
using FinkXmatch.Api.Info;
using FinkXmatch.Api.Operator;
using FinkXmatch.Api.Problems;
using FinkXmatch.Api.Schema;
using FinkXmatch.Api.SkySearch;
using FinkXmatch.Api.Xmatch;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Occupancy;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Grains;
using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api;

/// <summary>
/// Registers and maps the HTTP API. The host adds Orleans (for <c>IGrainFactory</c>), a <see cref="KafkaEndpoint"/> and
/// the settings (<see cref="SettingsServiceCollectionExtensions.AddFinkXmatchSettings"/>).
/// </summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddFinkXmatchApi(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = FrameworkProblemDetails.Customize);
        services.AddExceptionHandler<StorageUnavailableHandler>();
        services.AddOpenApi(OpenApiLimits.Add);
        services.AddFinkXmatchAuth();
        services.AddFinkXmatchShared();
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<CatalogIntake>();
        services.AddSingleton<SkyMapCache>();
        services.AddSingleton<SkyMapNights>();
        // Each night's alert occupancy, kept under the data directory (the datalake may be read-only); a night a job has
        // read has it recorded beside its sky index, so the sky map reads no file of it again.
        services.TryAddSingleton(sp =>
            new AlertOccupancyCache(Path.Combine(sp.GetRequiredService<IOptions<DataDirectoryOptions>>().Value.DataDirectory, "occupancy"),
                recorded: sp.GetRequiredService<FinkXmatch.Core.SkyIndex.SkyIndexStore>()));
        services.AddSingleton<DatalakeStatistics>();
        services.AddSingleton<XmatchSubmission>();
        services.AddSingleton<JobResultsFile>();
        services.AddSingleton<AlertSchemaSource>();
        services.AddSingleton(sp => new FinkXmatch.Core.SkySearch.SkySearcher(sp.GetRequiredService<FinkXmatch.Core.SkyIndex.SkyIndexStore>()));
        services.AddSingleton<SkySearchService>();
        return services;
    }

    /// <summary>Maps <c>/api/v1</c> and the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static IEndpointRouteBuilder MapFinkXmatchApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapGroup("/api/v1")
            .MapCatalogEndpoints()
            .MapInfoEndpoints()
            .MapMeEndpoints()
            .MapSignInConfigEndpoints()
            .MapXmatchEndpoints()
            .MapSchemaEndpoints()
            .MapScanActivityEndpoints()
            .MapOperatorJobEndpoints()
            .MapSkySearchEndpoints()
            .MapUserEndpoints();
        return app;
    }

    /// <summary>
    /// Serves the web page (<c>wwwroot/</c>, embedded in this assembly) at <c>/</c>. Call before the endpoints are
    /// mapped. The page is revalidated on each load (<c>no-cache</c>) so that a new version shows at once.
    /// </summary>
    public static IApplicationBuilder UseFinkXmatchWebPage(this IApplicationBuilder app)
    {
        var files = new EmbeddedFileProvider(typeof(ApiServiceCollectionExtensions).Assembly, "FinkXmatch.Api.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
