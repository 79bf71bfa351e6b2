using Microsoft.Extensions.Diagnostics.HealthChecks;
using FinkXmatch.Silo.Cli;
using Orleans.Runtime;

namespace FinkXmatch.Silo.Hosting;

/// <summary>Healthy once this process's silo is an active member of the cluster (it can host grains).</summary>
public sealed class SiloHealthCheck(ISiloStatusOracle silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        StartupTrace.Mark($"/health asked, silo {silo.CurrentStatus}");
        return Task.FromResult(silo.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"silo is {silo.CurrentStatus}"));
    }
}
