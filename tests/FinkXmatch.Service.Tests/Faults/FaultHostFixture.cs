namespace FinkXmatch.Service.Tests.Faults;

/// <summary>The gated host on a four-night datalake, two scans per job: each test strikes nights of its own.</summary>
public sealed class FaultHostFixture() : GatedHostFixture(4, new Dictionary<string, string?> { ["FinkXmatch:CoresPerJob"] = "2" });
