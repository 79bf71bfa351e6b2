using FinkXmatch.Core.Kafka;

namespace FinkXmatch.Core.Tests.Kafka;

public class JobTopicTests
{
    [Fact]
    public void Name_has_the_contract_shape_and_parses_back()
    {
        var topic = JobTopic.For(new DateTimeOffset(2025, 7, 3, 23, 30, 0, TimeSpan.FromHours(-2)), 11487);
        // 23:30 at UTC-2 is the next day in UTC.
        Assert.Equal("fxmatch_ztf_2025-07-04_11487", topic.Name);
        Assert.Equal("fxmatch_ztf_2025-07-04_11487_schema", topic.SchemaTopic);
        // The bookkeeping topic is named apart from the user's topics (issue 24).
        Assert.Equal("__finkxmatch_progress_fxmatch_ztf_2025-07-04_11487", topic.ProgressTopic);
        Assert.Equal("fxmatch_ztf_2025-07-04_11487_progress", TopicNames.LegacyProgress(topic.Name));
        Assert.Equal(topic, JobTopic.Parse(topic.Name));
    }

    [Theory]
    [InlineData("fxmatch_ztf_2025-07-04")]
    [InlineData("fxmatch_ztf_2025-07-04_")]
    [InlineData("fxmatch_ztf_2025-07-04_007")]
    [InlineData("fxmatch_ztf_2025-13-04_1")]
    [InlineData("fxmatch_ztf_2025-07-04_1_schema")]
    [InlineData("ftransfer_ztf_2026-03-23_11487")]
    [InlineData("fxmatch_ztf_2025-07-04_-1")]
    [InlineData("fxmatch_ztf_2025-07-04_18446744073709551616")]
    public void Other_names_are_not_job_topics(string name)
    {
        Assert.False(JobTopic.TryParse(name, out _));
        Assert.Throws<FormatException>(() => JobTopic.Parse(name));
    }

    [Fact]
    public void Unique_topics_carry_64_random_bits_in_the_day_shape()
    {
        var now = new DateTimeOffset(2025, 7, 4, 23, 59, 59, 999, TimeSpan.Zero);
        var numbers = Enumerable.Range(0, 2000).Select(_ => JobTopic.NewUnique(now)).Select(t =>
        {
            Assert.True(JobTopic.TryParse(t.Name, out var parsed) && parsed.SubmittedOn == new DateOnly(2025, 7, 4), t.Name);
            return parsed!.Number;
        }).ToList();
        // Drawn in the same millisecond, none repeats (the old scheme, milliseconds x 1000 + 3 random digits, did).
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        // Every one of the 64 bits varies: each is set in some draws and clear in others (2000 draws: odds 2^-1999 per bit to fail).
        for (var bit = 0; bit < 64; bit++)
        {
            var set = numbers.Count(n => (n >> bit & 1) == 1);
            Assert.InRange(set, 1, numbers.Count - 1);
        }
    }

    [Fact]
    public void The_largest_number_round_trips() =>
        Assert.Equal(ulong.MaxValue, JobTopic.Parse($"fxmatch_lsst_2025-07-04_{ulong.MaxValue}").Number);

    [Theory]
    [InlineData("fxmatch_ztf_2025-07-04_1", true)]
    [InlineData("a.b-c_D9", true)]
    [InlineData("", false)]
    [InlineData("..", false)]
    [InlineData("has space", false)]
    [InlineData("slash/no", false)]
    public void Kafka_topic_name_rules(string name, bool valid) => Assert.Equal(valid, TopicNames.IsValid(name));

    [Fact]
    public void Topic_names_longer_than_249_are_refused() =>
        Assert.Equal((true, false), (TopicNames.IsValid(new string('a', 249)), TopicNames.IsValid(new string('a', 250))));

    [Theory]
    [InlineData("localhost:9092", "localhost:9092")]
    [InlineData(" k1:9092 , k2:9093", "k1:9092,k2:9093")]
    [InlineData("[::1]:9092", "[::1]:9092")]
    public void Bootstrap_server_lists_are_accepted(string text, string normalized) =>
        Assert.Equal(normalized, KafkaEndpoint.ParseBootstrapServers(text));

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:")]
    [InlineData(":9092")]
    [InlineData("k1:9092,")]
    [InlineData("k1:99999")]
    [InlineData("::1:9092")]
    public void Bad_bootstrap_servers_are_refused(string text) =>
        Assert.Throws<FormatException>(() => KafkaEndpoint.ParseBootstrapServers(text));

    [Theory]
    [InlineData(null, true)]
    [InlineData("embedded", true)]
    [InlineData("EMBEDDED", true)]
    [InlineData("k1:9092", false)]
    public void Embedded_keyword(string? text, bool embedded) => Assert.Equal(embedded, KafkaEndpoint.IsEmbeddedSpec(text));
}
