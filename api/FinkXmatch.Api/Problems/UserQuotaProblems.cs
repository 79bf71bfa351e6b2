using FinkXmatch.Api.Auth;
using FinkXmatch.Grains.Settings;
using FinkXmatch.Grains.Users;

namespace FinkXmatch.Api.Problems;

/// <summary>The 429 for an upload or a submission over one of the user's quotas, naming it, its value and what is used.</summary>
public static class UserQuotaProblems
{
    /// <summary>An upload refused: too many today, or the stored bytes would go over.</summary>
    public static ApiProblem Upload(QuotaRefusal refusal, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(caller);
        return refusal.Limit == nameof(LimitOptions.MaxUploadsPerUserPerDay)
            ? LimitProblems.PerUser(refusal.Limit,
                $"user {caller.Name} has uploaded {LimitProblems.Count(refusal.Used)} catalogs today (UTC), the most one user may upload per day is {LimitProblems.Count(refusal.LimitValue)}",
                refusal.RetryAfter, "upload again after midnight UTC")
            : StoredBytes(refusal, caller, "this upload would go over", "upload again once older catalogs or job results have expired");
    }

    /// <summary>A submission refused: the user holds their stored bytes already, and the job's results would add more.</summary>
    public static ApiProblem Submission(QuotaRefusal refusal, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(caller);
        return StoredBytes(refusal, caller, "its results would go over", "submit again once older catalogs or job results have expired");
    }

    private static ApiProblem StoredBytes(QuotaRefusal refusal, Caller caller, string over, string advice) =>
        LimitProblems.PerUser(refusal.Limit,
            $"user {caller.Name} holds {LimitProblems.Bytes(refusal.Used)} of stored catalogs and job results, and {over} the {LimitProblems.Bytes(refusal.LimitValue)} one user may hold",
            refusal.RetryAfter, advice);
}
