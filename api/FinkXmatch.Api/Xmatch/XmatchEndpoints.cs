using FinkXmatch.Api.Auth;
using FinkXmatch.Api.Problems;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Grains;
using FinkXmatch.Grains.Jobs;
using FinkXmatch.Grains.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Xmatch;

/// <summary>
/// <c>/xmatch</c>: submit a job, list one's jobs, follow a job's status and log, download its results, cancel it
/// (CONTRACT §2). A job is its owner's (operators see all); submit, cancel and download are written to the audit log.
/// </summary>
public static class XmatchEndpoints
{
    public const string ParquetMediaType = "application/vnd.apache.parquet";

    public static RouteGroupBuilder MapXmatchEndpoints(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/xmatch").WithTags("Crossmatch");

        jobs.MapPost("/", SubmitAsync)
            .WithName("SubmitXmatch")
            .WithSummary("Start a crossmatch of an uploaded catalog against the datalake")
            // The body is read by XmatchRequestBody (bounded, with messages naming the member at fault): describe it here.
            .Accepts<XmatchRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        jobs.MapGet("/", ListAsync)
            .WithName("ListXmatch")
            .WithSummary("The caller's jobs, newest first, a page at a time (?offset=0&limit=50)")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        jobs.MapGet("/{jobId}", GetStatusAsync)
            .WithName("GetXmatchStatus")
            .WithSummary("A job's status and counters")
            .ProducesProblem(StatusCodes.Status404NotFound);

        jobs.MapGet("/{jobId}/log", GetLogAsync)
            .WithName("GetXmatchLog")
            .WithSummary("A job's log, one line per event: YYYY-MM-DDTHH:MM:SSZ message")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status404NotFound);

        jobs.MapGet("/{jobId}/results", GetResultsAsync)
            .WithName("GetXmatchResults")
            .WithSummary("All matches of a completed job as one Parquet file")
            .Produces(StatusCodes.Status200OK, contentType: ParquetMediaType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);

        jobs.MapDelete("/{jobId}", CancelAsync)
            .WithName("CancelXmatch")
            .WithSummary("Cancel a job that has not finished")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    private static async Task<Results<Accepted<JobStatus>, ProblemHttpResult>> SubmitAsync(
        HttpRequest http, XmatchSubmission submission, IGrainFactory grains, TimeProvider time, IOptions<LimitOptions> limits,
        IOptions<AuthOptions> auth, AuditLog audit, CancellationToken cancellationToken)
    {
        var caller = http.HttpContext.Caller();
        XmatchJobRequest job;
        string jobId;
        try
        {
            var request = await XmatchRequestBody.ReadAsync(http, limits.Value.MaxRequestBodyBytes, cancellationToken);
            job = await submission.ResolveAsync(request, caller, cancellationToken);
            // The job id is its topic, named after the survey of its alerts (fxmatch_lsst_...).
            jobId = JobTopic.NewUnique(time.GetUtcNow(), Survey.Parse(job.Survey)).Name;
            // Limits count per user; without sign-in (Auth:Mode=none) every caller is "local", so per address, and
            // there is no stored-bytes quota.
            var signedIn = auth.Value.Mode != AuthMode.None;
            if (signedIn)
            {
                await submission.CheckStoredBytesAsync(caller);
                job = job with { OwnerHasQuota = true };
            }
            var client = signedIn ? $"user {caller.Name}" : $"client {ClientAddress(http)}";
            await submission.AdmitAsync(jobId, client, cancellationToken);
        }
        catch (ApiProblem problem)
        {
            audit.Record(caller.Name, "submit", "(no job)", $"refused: {problem.StatusCode}");
            return ProblemResults.From(problem, http.HttpContext.Response);
        }
        JobStatus status;
        try
        {
            status = await grains.GetGrain<IXmatchJobGrain>(jobId).SubmitAsync(job);
        }
        catch
        {
            await grains.GetGrain<IJobAdmissionGrain>(IJobAdmissionGrain.ClusterKey).ReleaseAsync(jobId);
            throw;
        }
        await grains.GetGrain<IUserJobsGrain>(caller.Name).AddAsync(jobId, status.SubmittedAt);
        await grains.GetGrain<IAllJobsGrain>(IAllJobsGrain.ClusterKey).AddAsync(jobId, caller.Name, status.SubmittedAt);
        audit.Record(caller.Name, "submit", jobId, $"accepted, catalog {job.CatalogId}");
        return TypedResults.Accepted($"{http.PathBase}/api/v1/xmatch/{jobId}", status);
    }

    // The client a job counts against: the connection's IP address (IPv4 without its IPv6 mapping).
    private static string ClientAddress(HttpRequest http) =>
        http.HttpContext.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "unknown";

    private static async Task<Results<Ok<XmatchJobList>, ProblemHttpResult>> ListAsync(HttpContext http, IGrainFactory grains,
        int? offset = null, int? limit = null)
    {
        var (from, count, badPage) = JobListPaging.Read(offset, limit);
        if (badPage is not null) return badPage;
        var page = await grains.GetGrain<IUserJobsGrain>(http.Caller().Name).GetPageAsync(from, count);
        var statuses = await Task.WhenAll(page.JobIds.Select(id => grains.GetGrain<IXmatchJobGrain>(id).GetStatusAsync()));
        return TypedResults.Ok(new XmatchJobList(page.Total, from, count, statuses.OfType<JobStatus>().ToArray()));
    }

    private static async Task<Results<Ok<JobStatus>, ProblemHttpResult>> GetStatusAsync(string jobId, HttpContext http, IGrainFactory grains) =>
        await JobAccess.FindAsync(grains, jobId, http.Caller()) is { } job && await job.GetStatusAsync() is { } status
            ? TypedResults.Ok(status) : UnknownJob(jobId);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetLogAsync(string jobId, HttpContext http, IGrainFactory grains)
    {
        if (await JobAccess.FindAsync(grains, jobId, http.Caller()) is not { } job || await job.GetLogAsync() is not { } lines) return UnknownJob(jobId);
        return TypedResults.Text(string.Concat(lines.Select(l => l + "\n")), "text/plain; charset=utf-8");
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> GetResultsAsync(
        string jobId, HttpContext http, IGrainFactory grains, JobResultsFile results, IOptions<RetentionOptions> retention, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var caller = http.Caller();
        if (await JobAccess.FindAsync(grains, jobId, caller) is not { } job || await job.GetStatusAsync() is not { } status) return UnknownJob(jobId);
        if (status.Status == JobPhase.Expired)
        {
            var kept = retention.Value.ResultRetention;
            return TypedResults.Problem(
                $"job {jobId} has expired: results and Kafka topics are kept {RetentionText.Describe(kept)} after a job finishes (this one finished at {status.FinishedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}); submit it again to get them",
                statusCode: StatusCodes.Status410Gone, title: "Results expired");
        }
        if (status.Status != JobPhase.Completed)
            return TypedResults.Problem($"job {jobId} is {status.Status.Word()}: results are available once it is completed",
                statusCode: StatusCodes.Status409Conflict, title: "Not completed");
        var request = await job.GetRequestAsync();
        string path;
        try
        {
            path = await results.GetAsync(jobId, request!.Nights, cancellationToken);
        }
        catch (FileNotFoundException e)
        {
            return TypedResults.Problem($"job {jobId}: {e.Message} (was the data directory cleaned?)",
                statusCode: StatusCodes.Status410Gone, title: "Results gone");
        }
        audit.Record(caller.Name, "download", jobId);
        return TypedResults.PhysicalFile(path, ParquetMediaType, $"{jobId}.parquet");
    }

    private static async Task<Results<Accepted<JobStatus>, ProblemHttpResult>> CancelAsync(string jobId, HttpRequest http, IGrainFactory grains,
        AuditLog audit)
    {
        var caller = http.HttpContext.Caller();
        if (await JobAccess.FindAsync(grains, jobId, caller) is not { } job) return UnknownJob(jobId);
        var result = await job.CancelAsync();
        if (result.Status is null) return UnknownJob(jobId);
        audit.Record(caller.Name, "cancel", jobId, result.Accepted ? "ok" : $"refused: already {result.Status.Status.Word()}");
        if (!result.Accepted)
            return TypedResults.Problem($"job {jobId} is already {result.Status.Status.Word()}", statusCode: StatusCodes.Status409Conflict, title: "Already finished");
        return TypedResults.Accepted($"{http.PathBase}/api/v1/xmatch/{jobId}", result.Status);
    }

    private static ProblemHttpResult UnknownJob(string jobId) =>
        ProblemResults.NotFound(ProblemResults.NoJob(jobId));
}
