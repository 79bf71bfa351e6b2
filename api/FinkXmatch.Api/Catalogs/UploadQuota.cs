using FinkXmatch.Api.Auth;
using FinkXmatch.Api.Problems;
using FinkXmatch.Grains.Settings;
using FinkXmatch.Grains.Users;

namespace FinkXmatch.Api.Catalogs;

/// <summary>The 429 for an upload over one of the user's quotas, naming it, its value and what is used.</summary>
public static class UploadQuota
{
    public static ApiProblem Problem(QuotaRefusal refusal, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(caller);
        return refusal.Limit == nameof(LimitOptions.MaxUploadsPerUserPerDay)
            ? LimitProblems.PerUser(refusal.Limit,
                $"user {caller.Name} has uploaded {LimitProblems.Count(refusal.Used)} catalogs today (UTC), the most one user may upload per day is {LimitProblems.Count(refusal.LimitValue)}",
                refusal.RetryAfter, "upload again after midnight UTC")
            : LimitProblems.PerUser(refusal.Limit,
                $"user {caller.Name} holds {LimitProblems.Bytes(refusal.Used)} of stored catalogs, and this upload would go over the {LimitProblems.Bytes(refusal.LimitValue)} one user may hold",
                refusal.RetryAfter, "upload again once older catalogs have expired");
    }
}
