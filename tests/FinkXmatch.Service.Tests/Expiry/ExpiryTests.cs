using System.Net;
using System.Text.Json.Nodes;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Grains.Catalogs;
using FinkXmatch.Grains.Expiry;
using FinkXmatch.Grains.Jobs;
using FinkXmatch.Grains.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace FinkXmatch.Service.Tests.Expiry;

/// <summary>
/// Job results and topics expire <c>ResultRetention</c> (7 days) after the job finished, catalogs
/// <c>CatalogRetention</c> (24 h) after upload, on a clock the tests advance; unfinished jobs carry a resume reminder.
/// The tests share one host and its clock, which only moves forward, so each works on its own catalog and job.
/// </summary>
public sealed class ExpiryTests(ExpiryHostFixture host) : IClassFixture<ExpiryHostFixture>
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private HttpClient Client => host.Client;

    private IRetentionGrain Retention => host.Grains.GetGrain<IRetentionGrain>(IRetentionGrain.ClusterKey);

    [Fact]
    public async Task A_completed_job_expires_seven_days_after_it_finished_results_and_topics_deleted()
    {
        var jobId = await SubmitAsync(await host.UploadCatalogAsync());
        var completed = await host.WaitForStatusAsync(jobId, "completed");
        Assert.True(completed["matches"]!.GetValue<long>() > 0, "the job should have matches to delete");
        using (var download = await Client.GetAsync($"/api/v1/xmatch/{jobId}/results"))
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.True(Directory.Exists(host.Results.JobDirectory(jobId)));
        Assert.True(File.Exists(host.Results.Joined(jobId)));
        Assert.Equal(10, await PartitionCountAsync(jobId));
        // The bookkeeping topic is named apart from the user's (issue 24); a job that an earlier version began has
        // its bookkeeping under the old name, <topic>_progress, which expires with the job too.
        Assert.Equal(1, await PartitionCountAsync($"__finkxmatch_progress_{jobId}"));
        Assert.Null(await PartitionCountAsync($"{jobId}_progress"));
        using (var admin = host.Kafka.CreateAdministrator())
            await admin.CreateTopicAsync(TopicNames.LegacyProgress(jobId), 1, Week);
        Assert.Equal(1, await PartitionCountAsync($"{jobId}_progress"));

        // +6 d 23 h: a sweep finds nothing of this job due.
        var finishedAt = completed["finishedAt"]!.GetValue<DateTimeOffset>();
        host.Clock.Advance(finishedAt + Week - TimeSpan.FromHours(1) - host.Clock.GetUtcNow());
        Assert.DoesNotContain(await Retention.SweepAsync(), i => i.Id == jobId);
        Assert.Equal("completed", (await host.StatusAsync(jobId))["status"]!.GetValue<string>());
        Assert.True(Directory.Exists(host.Results.JobDirectory(jobId)));
        Assert.Equal(10, await PartitionCountAsync(jobId));

        // +7 d: the periodic sweep expires it.
        host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var expired = await host.WaitForStatusAsync(jobId, "expired", seconds: 10);
        Assert.Equal(finishedAt, expired["finishedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(completed["matches"]!.GetValue<long>(), expired["matches"]!.GetValue<long>());

        Assert.False(Directory.Exists(host.Results.JobDirectory(jobId)), "the night parts should be deleted");
        Assert.False(File.Exists(host.Results.Joined(jobId)), "the joined download should be deleted");
        using (var gone = await Client.GetAsync($"/api/v1/xmatch/{jobId}/results"))
        {
            var detail = await ProblemAssert.IsProblemAsync(gone, HttpStatusCode.Gone);
            Assert.Contains("expired", detail, StringComparison.Ordinal);
            Assert.Contains("7 days", detail, StringComparison.Ordinal);
        }
        // The embedded broker really deletes topics (rd_kafka_mock_topic_delete).
        Assert.Null(await PartitionCountAsync(jobId));
        Assert.Null(await PartitionCountAsync(TopicNames.Schema(jobId)));
        Assert.Null(await PartitionCountAsync(TopicNames.Progress(jobId)));
        Assert.Null(await PartitionCountAsync(TopicNames.LegacyProgress(jobId)));
        Assert.DoesNotContain(await Retention.GetScheduledAsync(), i => i.Id == jobId);

        var log = await Client.GetStringAsync($"/api/v1/xmatch/{jobId}/log");
        Assert.Contains("expired (completed", log, StringComparison.Ordinal);
        // Cancelling an expired job is refused like any finished one.
        using var cancel = await Client.DeleteAsync($"/api/v1/xmatch/{jobId}");
        await ProblemAssert.IsProblemAsync(cancel, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_signed_in_users_completed_job_counts_its_results_against_their_quota_until_it_expires()
    {
        // Without sign-in (this host) a job counts against no quota; the same request as a signed-in user's job does.
        var localJob = await SubmitAsync(await host.UploadCatalogAsync());
        await host.WaitForStatusAsync(localJob, "completed");
        var request = await host.Grains.GetGrain<IXmatchJobGrain>(localJob).GetRequestAsync();
        const string user = "expiry-quota-user";
        var jobId = JobTopic.NewUnique(host.Clock.GetUtcNow()).Name;
        await host.Grains.GetGrain<IXmatchJobGrain>(jobId).SubmitAsync(request! with { Owner = user, OwnerHasQuota = true });
        var completed = await host.WaitForStatusAsync(jobId, "completed");
        Assert.True(completed["matches"]!.GetValue<long>() > 0, "the job should have results to count");

        var quota = host.Grains.GetGrain<IUserQuotaGrain>(user);
        var written = Directory.GetFiles(host.Results.JobDirectory(jobId), "*.parquet").Sum(f => new FileInfo(f).Length);
        Assert.True(written > 0);
        await WaitUntilAsync(async () => await quota.GetStoredBytesAsync() == written, $"{written} result bytes to be recorded");
        Assert.Equal(0, await host.Grains.GetGrain<IUserQuotaGrain>(Api.Auth.Caller.Local.Name).GetStoredBytesAsync());

        // Seven days after it finished, the job expires and its bytes no longer count.
        host.Clock.Advance(completed["finishedAt"]!.GetValue<DateTimeOffset>() + Week + TimeSpan.FromSeconds(1) - host.Clock.GetUtcNow());
        await host.WaitForStatusAsync(jobId, "expired", seconds: 10);
        Assert.False(Directory.Exists(host.Results.JobDirectory(jobId)));
        Assert.Equal(0, await quota.GetStoredBytesAsync());
    }

    [Fact]
    public async Task A_catalog_is_deleted_24_hours_after_its_upload_and_jobs_on_it_are_refused()
    {
        var uploadedAt = host.Clock.GetUtcNow();
        var catalogId = await host.UploadCatalogAsync();
        var stored = await host.Grains.GetGrain<ICatalogGrain>(catalogId).GetAsync();
        var file = new CatalogFiles(host.DataDirectory).Stored(stored!.StoredFileName);
        Assert.True(File.Exists(file));
        var scheduled = Assert.Single(await Retention.GetScheduledAsync(), i => i.Id == catalogId);
        Assert.Equal(RetentionKind.Catalog, scheduled.Kind);
        Assert.InRange(scheduled.ExpiresAt - uploadedAt, TimeSpan.FromHours(24), TimeSpan.FromHours(24) + TimeSpan.FromSeconds(5));

        host.Clock.Advance(scheduled.ExpiresAt - TimeSpan.FromMinutes(1) - host.Clock.GetUtcNow());
        Assert.DoesNotContain(await Retention.SweepAsync(), i => i.Id == catalogId);
        using (var still = await Client.GetAsync($"/api/v1/catalogs/{catalogId}"))
            Assert.Equal(HttpStatusCode.OK, still.StatusCode);

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await WaitUntilAsync(() => !File.Exists(file), "the catalog file to be deleted");
        await WaitUntilAsync(async () => await host.Grains.GetGrain<ICatalogGrain>(catalogId).GetExpiredAtAsync() is not null, "the catalog to be marked expired");
        using (var gone = await Client.GetAsync($"/api/v1/catalogs/{catalogId}"))
        {
            var detail = await ProblemAssert.IsProblemAsync(gone, HttpStatusCode.Gone);
            Assert.Contains("expired", detail, StringComparison.Ordinal);
            Assert.Contains("24 hours", detail, StringComparison.Ordinal);
        }
        using (var refused = await host.SubmitAsync(catalogId))
        {
            var detail = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.UnprocessableEntity);
            Assert.Contains($"catalog '{catalogId}' has expired", detail, StringComparison.Ordinal);
            Assert.Contains("upload it again", detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_running_job_holds_a_resume_reminder_which_goes_when_it_completes()
    {
        var catalogId = await host.UploadCatalogAsync();
        host.Gate.Close();
        string jobId;
        try
        {
            jobId = await SubmitAsync(catalogId);
            await host.WaitForStatusAsync(jobId, "running");
            await WaitUntilAsync(async () => (await RemindersOfAsync(jobId)).Contains(XmatchJobGrain.ResumeReminder), "the resume reminder");
        }
        finally
        {
            host.Gate.Open();
        }
        var completed = await host.WaitForStatusAsync(jobId, "completed");
        await WaitUntilAsync(async () => (await RemindersOfAsync(jobId)).Length == 0, "the resume reminder to be removed");

        // Its expiry is with the register instead, which keeps its own wake-up reminder while anything is scheduled.
        var scheduled = Assert.Single(await Retention.GetScheduledAsync(), i => i.Id == jobId);
        Assert.Equal(RetentionKind.Job, scheduled.Kind);
        Assert.Equal(completed["finishedAt"]!.GetValue<DateTimeOffset>() + Week, scheduled.ExpiresAt);
        Assert.Contains(RetentionGrain.ReminderName, await RemindersOfAsync(host.Grains.GetGrain<IRetentionGrain>(IRetentionGrain.ClusterKey).GetGrainId()));
    }

    private Task<string> SubmitAsync(string catalogId) => host.SubmitJobAsync(catalogId);

    private Task<string[]> RemindersOfAsync(string jobId) => RemindersOfAsync(host.Grains.GetGrain<IXmatchJobGrain>(jobId).GetGrainId());

    // What the reminder service itself has stored for the grain.
    private async Task<string[]> RemindersOfAsync(GrainId grain)
    {
        var rows = await host.Services.GetRequiredService<IReminderTable>().ReadRows(grain);
        return rows.Reminders.Select(r => r.ReminderName).ToArray();
    }

    private async Task<int?> PartitionCountAsync(string topic)
    {
        using var admin = host.Kafka.CreateAdministrator();
        return await admin.PartitionCountAsync(topic);
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
