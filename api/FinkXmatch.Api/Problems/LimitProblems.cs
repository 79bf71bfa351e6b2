using System.Globalization;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Grains.Settings;

namespace FinkXmatch.Api.Problems;

/// <summary>
/// Refusals for going over one of the service's limits (README "Limits"): 413 for the size of an upload or a body,
/// 429 with <c>Retry-After</c> for a user's quotas (<see cref="PerUser"/>), 422 for the others. The detail says what is over which limit, the limit's value and its configuration key, and
/// the problem carries the key as its <c>limit</c> member.
/// </summary>
public static class LimitProblems
{
    public const string Title = "Limit exceeded";

    /// <summary>
    /// A refusal over the setting <paramref name="setting"/> (a <see cref="LimitOptions"/> member name):
    /// "<paramref name="what"/> (FinkXmatch:Setting): <paramref name="advice"/>".
    /// </summary>
    public static ApiProblem Exceeded(int status, string setting, string what, string? advice = null) =>
        new(status, status == StatusCodes.Status413PayloadTooLarge ? "Too large" : Title,
            $"{what} ({FinkXmatchSection.Key(setting)}){(advice is null ? "" : ": " + advice)}", FinkXmatchSection.Key(setting));

    /// <summary>429 over one user's quota: the same detail, and when the quota frees up as <c>Retry-After</c>.</summary>
    public static ApiProblem PerUser(string setting, string what, TimeSpan retryAfter, string advice) =>
        new(StatusCodes.Status429TooManyRequests, Title,
            $"{what} ({FinkXmatchSection.Key(setting)}): {advice}", FinkXmatchSection.Key(setting), retryAfter);

    /// <summary>
    /// The limit problem for a catalog over the configured rows (413: the upload's size) or columns (422), or null when
    /// <paramref name="error"/> is about something else.
    /// </summary>
    public static ApiProblem? For(CatalogException error) => error.Kind switch
    {
        CatalogErrorKind.TooManyRows => Exceeded(StatusCodes.Status413PayloadTooLarge, nameof(LimitOptions.MaxCatalogRows), error.Message),
        CatalogErrorKind.TooManyColumns => Exceeded(StatusCodes.Status422UnprocessableEntity, nameof(LimitOptions.MaxCatalogColumns), error.Message),
        _ => null,
    };

    /// <summary>"1 MiB", "2 GiB" or "1,500 bytes".</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{(bytes >> 30).ToString(CultureInfo.InvariantCulture)} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{(bytes >> 20).ToString(CultureInfo.InvariantCulture)} MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{(bytes >> 10).ToString(CultureInfo.InvariantCulture)} KiB",
        _ => $"{bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes",
    };

    /// <summary>A count as the details write it: 1,000.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
