using System.Reflection;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Grains.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Info;

/// <summary><c>GET /info</c> (CONTRACT §2).</summary>
public static class InfoEndpoints
{
    private static readonly string Version =
        typeof(InfoEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static RouteGroupBuilder MapInfoEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/info", GetAsync)
            .WithTags("Service")
            .WithName("GetInfo")
            .WithSummary("Version, Kafka bootstrap servers, cores per job and the datalake's extent");
        return api;
    }

    private static async Task<Ok<ServiceInfo>> GetAsync(
        KafkaEndpoint kafka, IOptions<JobOptions> jobs, SurveyDatalakes datalakes, DatalakeStatistics statistics)
    {
        var surveys = new Dictionary<string, DatalakeInfo>(StringComparer.Ordinal);
        foreach (var (survey, root) in datalakes.All) surveys[survey.Name] = await statistics.GetAsync(root);
        return TypedResults.Ok(new ServiceInfo(Version, kafka.BootstrapServers, jobs.Value.CoresPerJob,
            surveys.Values.FirstOrDefault() ?? DatalakeInfo.None, surveys));
    }
}
