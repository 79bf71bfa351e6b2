using FinkXmatch.Api.Auth;
using FinkXmatch.Api.Catalogs;
using FinkXmatch.Api.Problems;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Xmatch;
using FinkXmatch.Grains.Catalogs;
using FinkXmatch.Grains.Jobs;
using FinkXmatch.Grains.Settings;
using FinkXmatch.Grains.Users;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Xmatch;

/// <summary>
/// Checks a posted <see cref="XmatchRequest"/> before any job exists — the catalog, its columns and values, the
/// radius, the nights and the fields — with the same core code the scans use, and resolves it into the
/// <see cref="XmatchJobRequest"/> the job grain runs. Every refusal is an <see cref="ApiProblem"/> naming what to change.
/// </summary>
public sealed class XmatchSubmission(IGrainFactory grains, CatalogStore store, CatalogIndexCache catalogs, SurveyDatalakes datalakes,
    IOptions<LimitOptions> limits, IOptions<JobOptions> jobs, IOptions<RetentionOptions> retention)
{
    /// <exception cref="ApiProblem">400 malformed, 404 unknown catalog, 422 a request that cannot run (expired catalog too), 503 no datalake.</exception>
    public async Task<XmatchJobRequest> ResolveAsync(XmatchRequest? request, Caller caller, CancellationToken cancellationToken)
    {
        if (request is null) throw ApiProblem.BadRequest("the body must be a JSON XmatchRequest");
        if (string.IsNullOrWhiteSpace(request.CatalogId)) throw ApiProblem.BadRequest("catalogId is required: upload a catalog with POST /api/v1/catalogs");
        if (request.RadiusArcsec is not { } radius) throw ApiProblem.BadRequest("radiusArcsec is required (0 < radiusArcsec <= 3600)");
        CheckFieldCount(request.Fields);
        if (datalakes.IsEmpty)
            throw new ApiProblem(StatusCodes.Status503ServiceUnavailable, "No datalake", "the service has no datalake configured (--datalake)");

        var stored = await CatalogAccess.FindAsync(grains, request.CatalogId, caller);
        if (stored is null && await CatalogAccess.ExpiredAtAsync(grains, request.CatalogId, caller) is { } expiredAt)
            throw Unprocessable("Catalog expired", CatalogEndpoints.ExpiredDetail(request.CatalogId, expiredAt, retention.Value));
        if (stored is null)
            throw new ApiProblem(StatusCodes.Status404NotFound, "Not found", ProblemResults.NoCatalog(request.CatalogId));

        try
        {
            XmatchPlan.CheckRadius(radius);
            var (survey, datalake) = datalakes.Choose(RequestWords.ParseSurvey(request.Survey));
            var mode = RequestWords.ParseMatch(request.Match);
            var format = RequestWords.ParseCoordinates(request.Coordinates);
            var guess = stored.Info.Guess;
            var ra = Column(request.RaColumn, guess.RaColumn, "raColumn", "RA");
            var dec = Column(request.DecColumn, guess.DecColumn, "decColumn", "Dec");
            var id = string.IsNullOrWhiteSpace(request.IdColumn) ? guess.IdColumn : request.IdColumn;
            var (firstYear, lastYear) = Years(request.Years, datalake);
            var xmatch = new XmatchOptions(radius, mode, request.Fields, request.Packet, firstYear, lastYear,
                Night(request.StartNight, "startNight"), Night(request.StopNight, "stopNight"), survey);

            // The nights before the catalog: a range without a night is refused without loading the catalog.
            var nights = XmatchPlan.SelectNights(datalake, xmatch);
            var path = store.CatalogPath(stored.StoredFileName);
            var catalog = await catalogs.GetCatalogAsync(path, new CatalogSelection(ra, dec, id, format));
            var plan = await XmatchPlan.CreateAsync(nights, xmatch, catalog.IdColumn, cancellationToken);
            return new XmatchJobRequest(stored.Info.CatalogId, path, ra, dec, id, format, radius, mode,
                request.Fields is { Length: > 0 } fields ? fields : null, string.IsNullOrWhiteSpace(request.Packet) ? null : request.Packet,
                plan.Shards.Select(s => s.Name).ToArray(), plan.Result.Survey.Name, caller.Name);
        }
        catch (XmatchRequestException e)
        {
            throw Unprocessable("Invalid crossmatch request", e.Message);
        }
        catch (DatalakeException e)
        {
            throw Unprocessable("Invalid crossmatch request", e.Message);
        }
        catch (CatalogException e)
        {
            // The file read is the stored copy (cat-....csv): name the one the user uploaded.
            var named = e.FileName == stored.StoredFileName ? new CatalogException(e.Kind, stored.Info.FileName, e.Detail, e.Row, e.Column, e) : e;
            throw LimitProblems.For(named) ?? Unprocessable("Catalog columns rejected", named.Message);
        }
    }

    /// <summary>Counts <paramref name="jobId"/> against its client's (<c>user NAME</c> or <c>client IP</c>) and the cluster's unfinished jobs.</summary>
    /// <exception cref="ApiProblem">422 naming the limit reached.</exception>
    public async Task AdmitAsync(string jobId, string client, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var admission = await grains.GetGrain<IJobAdmissionGrain>(IJobAdmissionGrain.ClusterKey).AdmitAsync(jobId, client);
        if (admission.Admitted) return;
        // Per client: 429, to be retried once a job of theirs has finished (a job's tick or two at the soonest).
        throw admission.Limit == nameof(LimitOptions.MaxUnfinishedJobsPerClient)
            ? LimitProblems.PerUser(admission.Limit,
                $"{client} already has {Jobs(admission.Unfinished)} queued or running, the most one client may have at once is {admission.LimitValue}",
                TimeSpan.FromMilliseconds(Math.Max(1000, 2 * jobs.Value.JobTickMilliseconds)),
                "wait for one to finish, or cancel one with DELETE /api/v1/xmatch/{jobId}")
            : LimitProblems.Exceeded(StatusCodes.Status422UnprocessableEntity, admission.Limit!,
                $"the service already has {Jobs(admission.Unfinished)} queued or running, the most it accepts at once is {admission.LimitValue}",
                "submit again when one has finished");
    }

    /// <summary>Refuses a signed-in user who holds their stored-bytes quota already: the job's results would add to it.</summary>
    /// <exception cref="ApiProblem">429 naming <see cref="LimitOptions.MaxStoredBytesPerUser"/>.</exception>
    public async Task CheckStoredBytesAsync(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (await grains.GetGrain<IUserQuotaGrain>(caller.Name).CheckStoredBytesAsync() is { } full)
            throw UserQuotaProblems.Submission(full, caller);
    }

    private static string Jobs(int count) => count == 1 ? "1 job" : $"{LimitProblems.Count(count)} jobs";

    private void CheckFieldCount(string[]? fields)
    {
        var max = limits.Value.MaxFields;
        if (fields is { Length: var count } && count > max)
        {
            throw LimitProblems.Exceeded(StatusCodes.Status422UnprocessableEntity, nameof(LimitOptions.MaxFields),
                $"fields lists {LimitProblems.Count(count)} alert fields, more than the {LimitProblems.Count(max)} accepted",
                "ask for fewer, or for a packet (light, medium, full)");
        }
    }

    private static ApiProblem Unprocessable(string title, string detail) => new(StatusCodes.Status422UnprocessableEntity, title, detail);

    private static string Column(string? given, string? guessed, string member, string what) =>
        !string.IsNullOrWhiteSpace(given) ? given
        : guessed ?? throw new XmatchRequestException($"{member} is required: the {what} column of this catalog could not be guessed");

    // A first and a last year, checked against the datalake (which names its extent when none matches).
    private static (int?, int?) Years(int[]? years, string datalake)
    {
        if (years is null) return (null, null);
        DatalakeLayout.Open(datalake).SelectYears(years);
        return (years[0], years[^1]);
    }

    /// <summary>A night <c>YYYY-MM-DD</c> given as <paramref name="member"/>, or null when none is given.</summary>
    /// <exception cref="ApiProblem">400 naming the member, for anything else.</exception>
    internal static DateOnly? Night(string? text, string member)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return Core.Datalake.Night.TryParse(text, out var night)
            ? night.Date
            : throw ApiProblem.BadRequest($"{member} must be a night {Core.Datalake.Night.Shape}, got '{text}'");
    }
}
