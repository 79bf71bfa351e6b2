using System.Globalization;

namespace FinkXmatch.Service.Tests.Expiry;

/// <summary>The gated host on a one-night datalake with a fast retention sweep (<see cref="SweepInterval"/>).</summary>
public sealed class ExpiryHostFixture() : GatedHostFixture(1, new Dictionary<string, string?>
{
    ["FinkXmatch:RetentionSweepInterval"] = SweepInterval.ToString("c", CultureInfo.InvariantCulture),
})
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(200);
}
