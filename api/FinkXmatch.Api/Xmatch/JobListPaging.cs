using FinkXmatch.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinkXmatch.Api.Xmatch;

/// <summary>The <c>?offset=&amp;limit=</c> of the job lists (<c>GET /xmatch</c>, <c>GET /operator/jobs</c>), checked.</summary>
public static class JobListPaging
{
    /// <summary>The most jobs one page lists.</summary>
    public const int MaxPageSize = 200;

    public const int DefaultPageSize = 50;

    /// <summary>The page asked for, or a 400 problem naming the argument out of range.</summary>
    public static (int Offset, int Limit, ProblemHttpResult? Problem) Read(int? offset, int? limit)
    {
        if (offset is < 0) return (0, 0, ProblemResults.From(ApiProblem.BadRequest($"offset must be 0 or more, got {offset}")));
        if (limit is < 1 or > MaxPageSize) return (0, 0, ProblemResults.From(ApiProblem.BadRequest($"limit must be from 1 to {MaxPageSize}, got {limit}")));
        return (offset ?? 0, limit ?? DefaultPageSize, null);
    }
}
