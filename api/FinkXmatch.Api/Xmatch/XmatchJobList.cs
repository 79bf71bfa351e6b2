using FinkXmatch.Grains.Jobs;

namespace FinkXmatch.Api.Xmatch;

/// <summary>The answer of <c>GET /xmatch</c>: one page of the caller's jobs, newest first, and how many there are.</summary>
public sealed record XmatchJobList(int Total, int Offset, int Limit, JobStatus[] Jobs);
