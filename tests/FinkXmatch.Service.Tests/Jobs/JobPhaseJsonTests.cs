using System.Text.Json;
using FinkXmatch.Grains.Jobs;

namespace FinkXmatch.Service.Tests.Jobs;

/// <summary>The job status goes over HTTP as the contract's words (CONTRACT §2), whatever the enum's names.</summary>
public sealed class JobPhaseJsonTests
{
    [Theory]
    [InlineData(JobPhase.Queued, "queued")]
    [InlineData(JobPhase.Running, "running")]
    [InlineData(JobPhase.Completed, "completed")]
    [InlineData(JobPhase.Failed, "failed")]
    [InlineData(JobPhase.Cancelled, "cancelled")]
    [InlineData(JobPhase.Expired, "expired")]
    public void A_phase_is_the_contract_word_in_json_and_in_the_log(JobPhase phase, string word)
    {
        var status = new JobStatus("fxmatch_ztf_2025-03-04_1", "fxmatch_ztf_2025-03-04_1", phase, DateTimeOffset.UnixEpoch, null, null, 1, 0, 0, 0, null);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(status, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        Assert.Equal(word, json.RootElement.GetProperty("status").GetString());
        Assert.Equal(word, phase.Word());
        Assert.Equal(phase, JsonSerializer.Deserialize<JobPhase>($"\"{word}\""));
    }

    [Fact]
    public void Every_phase_has_its_word()
    {
        Assert.Equal(["queued", "running", "completed", "failed", "cancelled", "expired"], Enum.GetValues<JobPhase>().Select(p => p.Word()));
    }
}
