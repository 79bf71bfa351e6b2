using FinkXmatch.Api.Auth;
using FinkXmatch.Api.Xmatch;
using FinkXmatch.Grains.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinkXmatch.Api.Operator;

/// <summary>
/// <c>GET /operator/jobs</c> (operators only; an addition to the contract): every user's jobs, newest first, a page at
/// a time, each with its owner. Operators read, cancel and download any of them through <c>/xmatch/{id}</c>.
/// </summary>
public static class OperatorJobEndpoints
{
    public static RouteGroupBuilder MapOperatorJobEndpoints(this RouteGroupBuilder api)
    {
        api.MapGroup("/operator").WithTags("Operator").RequireAuthorization(AuthServiceCollectionExtensions.OperatorPolicy)
            .MapGet("/jobs", ListAsync)
            .WithName("ListAllJobs")
            .WithSummary("Every user's jobs with their owners, newest first, a page at a time (?offset=0&limit=50)")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<OperatorJobList>, ProblemHttpResult>> ListAsync(IGrainFactory grains, int? offset = null, int? limit = null)
    {
        var (from, count, badPage) = JobListPaging.Read(offset, limit);
        if (badPage is not null) return badPage;
        var page = await grains.GetGrain<IAllJobsGrain>(IAllJobsGrain.ClusterKey).GetPageAsync(from, count);
        var statuses = await Task.WhenAll(page.Jobs.Select(j => grains.GetGrain<IXmatchJobGrain>(j.JobId).GetStatusAsync()));
        var jobs = page.Jobs.Zip(statuses).Where(p => p.Second is not null).Select(p => new OwnedJob(p.First.Owner, p.Second!)).ToArray();
        return TypedResults.Ok(new OperatorJobList(page.Total, from, count, jobs));
    }
}

/// <summary>The answer of <c>GET /operator/jobs</c>: one page of every user's jobs, newest first, and how many there are.</summary>
public sealed record OperatorJobList(int Total, int Offset, int Limit, OwnedJob[] Jobs);

/// <summary>A job's owner and status.</summary>
public sealed record OwnedJob(string Owner, JobStatus Job);
