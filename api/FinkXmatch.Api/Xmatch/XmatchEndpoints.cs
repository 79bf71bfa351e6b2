using FinkXmatch.Api.Problems;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Grains;
using FinkXmatch.Grains.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Xmatch;

/// <summary><c>/xmatch</c>: submit a job, follow its status and log, download its results, cancel it (CONTRACT §2).</summary>
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
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

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
        HttpRequest http, XmatchSubmission submission, IGrainFactory grains, TimeProvider time, IOptions<FinkXmatchOptions> options,
        CancellationToken cancellationToken)
    {
        XmatchJobRequest job;
        string jobId;
        try
        {
            var request = await XmatchRequestBody.ReadAsync(http, options.Value.MaxRequestBodyBytes, cancellationToken);
            job = await submission.ResolveAsync(request, cancellationToken);
            // The job id is its topic, named after the survey of its alerts (fxmatch_lsst_...).
            jobId = JobTopic.NewUnique(time.GetUtcNow(), Survey.Parse(job.Survey)).Name;
            await submission.AdmitAsync(jobId, ClientAddress(http), cancellationToken);
        }
        catch (ApiProblem problem)
        {
            return ProblemResults.From(problem);
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
        return TypedResults.Accepted($"{http.PathBase}/api/v1/xmatch/{jobId}", status);
    }

    // The client a job counts against: the connection's IP address (IPv4 without its IPv6 mapping).
    private static string ClientAddress(HttpRequest http) =>
        http.HttpContext.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "unknown";

    private static async Task<Results<Ok<JobStatus>, ProblemHttpResult>> GetStatusAsync(string jobId, IGrainFactory grains) =>
        await Job(grains, jobId).GetStatusAsync() is { } status ? TypedResults.Ok(status) : UnknownJob(jobId);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetLogAsync(string jobId, IGrainFactory grains)
    {
        if (await Job(grains, jobId).GetLogAsync() is not { } lines) return UnknownJob(jobId);
        return TypedResults.Text(string.Concat(lines.Select(l => l + "\n")), "text/plain; charset=utf-8");
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> GetResultsAsync(
        string jobId, IGrainFactory grains, JobResultsFile results, IOptions<FinkXmatchOptions> options, CancellationToken cancellationToken)
    {
        var job = Job(grains, jobId);
        if (await job.GetStatusAsync() is not { } status) return UnknownJob(jobId);
        if (status.Status == JobStatuses.Expired)
        {
            var retention = options.Value.ResultRetention;
            return TypedResults.Problem(
                $"job {jobId} has expired: results and Kafka topics are kept {RetentionText.Describe(retention)} after a job finishes (this one finished at {status.FinishedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}); submit it again to get them",
                statusCode: StatusCodes.Status410Gone, title: "Results expired");
        }
        if (status.Status != JobStatuses.Completed)
            return TypedResults.Problem($"job {jobId} is {status.Status}: results are available once it is completed",
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
        return TypedResults.PhysicalFile(path, ParquetMediaType, $"{jobId}.parquet");
    }

    private static async Task<Results<Accepted<JobStatus>, ProblemHttpResult>> CancelAsync(string jobId, HttpRequest http, IGrainFactory grains)
    {
        var result = await Job(grains, jobId).CancelAsync();
        if (result.Status is null) return UnknownJob(jobId);
        if (!result.Accepted)
            return TypedResults.Problem($"job {jobId} is already {result.Status.Status}", statusCode: StatusCodes.Status409Conflict, title: "Already finished");
        return TypedResults.Accepted($"{http.PathBase}/api/v1/xmatch/{jobId}", result.Status);
    }

    // Ids that cannot be jobs never activate a grain.
    private static IXmatchJobGrain Job(IGrainFactory grains, string jobId) =>
        grains.GetGrain<IXmatchJobGrain>(JobTopic.TryParse(jobId, out _) ? jobId : JobTopic.Prefix + "0001-01-01_0");

    private static ProblemHttpResult UnknownJob(string jobId) =>
        ProblemResults.NotFound(ProblemResults.NoJob(jobId));
}
