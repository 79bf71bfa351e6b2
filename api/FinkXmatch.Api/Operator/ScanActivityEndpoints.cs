using FinkXmatch.Api.Auth;
using FinkXmatch.Grains.Jobs;
using FinkXmatch.Grains.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Operator;

/// <summary>
/// <c>GET /operator/scans</c> (an addition to the contract): the night scans running in the cluster now, the most at
/// once since the scan record started, per unfinished job too, beside the limits they must stay within.
/// </summary>
public static class ScanActivityEndpoints
{
    public static RouteGroupBuilder MapScanActivityEndpoints(this RouteGroupBuilder api)
    {
        api.MapGroup("/operator").WithTags("Operator").RequireAuthorization(AuthServiceCollectionExtensions.OperatorPolicy)
            .MapGet("/scans", GetAsync)
            .WithName("GetScanActivity")
            .WithSummary("Night scans running now and at most at once, cluster-wide and per job, with the limits");
        return api;
    }

    private static async Task<Ok<ScanActivityReport>> GetAsync(IGrainFactory grains, IOptions<JobOptions> jobs)
    {
        var activity = await grains.GetGrain<IScanActivityGrain>(IScanActivityGrain.ClusterKey).GetAsync();
        return TypedResults.Ok(new ScanActivityReport(activity.Running, activity.PeakRunning, jobs.Value.EffectiveMaxConcurrentShardScans,
            jobs.Value.CoresPerJob, activity.Jobs));
    }
}

/// <summary>The answer of <c>GET /operator/scans</c>.</summary>
public sealed record ScanActivityReport(int Running, int PeakRunning, int MaxConcurrentShardScans, int CoresPerJob, JobScanActivity[] Jobs);
