using FinkXmatch.Grains.Jobs;

namespace FinkXmatch.Service.Tests.Jobs;

/// <summary>What a scan's report does to its night and to the job, without a cluster.</summary>
public sealed class JobNightsTests
{
    private static readonly string[] Three = ["2025-03-01", "2025-03-02", "2025-03-03"];

    private readonly Dictionary<string, ShardRecord> _records = JobNights.Initial(Three);
    private readonly JobNights _nights;

    public JobNightsTests() => _nights = new JobNights(() => _records);

    [Fact]
    public void A_completed_night_is_done_with_its_counts_and_its_log_line()
    {
        _nights.Starting(Three[..2]);
        var change = _nights.Record(Three[0], new ShardProgress(ShardRunState.Completed, 1500, 12, true, null, ScanPath: "sky index"));

        Assert.True(change.Changed);
        Assert.Null(change.JobError);
        Assert.Equal("night 2025-03-01 done: 1,500 alerts, 12 matches, sky index (already in Kafka from an earlier run) (1/3)", change.LogLine);
        Assert.Equal((1, false), (_nights.Done, _nights.AllDone));
        Assert.Equal([Three[1]], _nights.Running());
        Assert.Equal([Three[2]], _nights.Pending());
        Assert.Equal((1500L, 12L), (_records[Three[0]].AlertsScanned, _records[Three[0]].Matches));
    }

    [Fact]
    public void Counters_add_the_running_nights_so_far_to_the_nights_done()
    {
        _nights.Starting(Three);
        _nights.Record(Three[0], new ShardProgress(ShardRunState.Completed, 100, 1, false, null));
        Assert.Equal(NightChange.None, _nights.Record(Three[1], new ShardProgress(ShardRunState.Running, 40, 2, false, null)));
        _nights.Progressed(Three[2], new ShardProgress(ShardRunState.Running, 7, 0, false, null));

        Assert.Equal((147L, 3L), _nights.Counters());

        // Stopped scans no longer count, and their nights wait again.
        _nights.Stopped([Three[1], Three[2]]);
        Assert.Equal((100L, 1L), _nights.Counters());
        Assert.Equal([Three[1], Three[2]], _nights.Pending());
    }

    [Fact]
    public void A_failing_night_is_retried_then_fails_the_job_at_the_third_failure()
    {
        var failed = new ShardProgress(ShardRunState.Failed, 0, 0, false, "file gone");
        for (var attempt = 1; attempt < JobNights.MaxFailures; attempt++)
        {
            _nights.Starting([Three[0]]);
            var change = _nights.Record(Three[0], failed);
            Assert.Equal($"night 2025-03-01 failed (attempt {attempt} of 3), will retry: file gone", change.LogLine);
            Assert.Null(change.JobError);
            Assert.Equal([Three[0], Three[1], Three[2]], _nights.Pending());
        }
        _nights.Starting([Three[0]]);
        Assert.Equal("night 2025-03-01 failed 3 times: file gone", _nights.Record(Three[0], failed).JobError);
    }

    [Fact]
    public void A_final_failure_fails_the_job_at_once_and_a_lost_scan_is_scheduled_again()
    {
        _nights.Starting(Three[..2]);
        Assert.Equal("night 2025-03-01 failed: broker down",
            _nights.Record(Three[0], new ShardProgress(ShardRunState.Failed, 0, 0, false, "broker down", Final: true)).JobError);

        var lost = _nights.Record(Three[1], ShardProgress.Idle);
        Assert.Equal("night 2025-03-02: its scan was lost, scheduling it again", lost.LogLine);
        Assert.Contains(Three[1], _nights.Pending());
    }

    [Fact]
    public void A_report_for_a_night_not_running_changes_nothing()
    {
        Assert.Equal(NightChange.None, _nights.Record(Three[0], new ShardProgress(ShardRunState.Completed, 1, 1, false, null)));
        Assert.Equal(0, _nights.Done);
        Assert.False(_nights.IsRunning(Three[0]));
    }
}
