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
    public void Other_names_are_not_job_topics(string name)
    {
        Assert.False(JobTopic.TryParse(name, out _));
        Assert.Throws<FormatException>(() => JobTopic.Parse(name));
    }

    [Fact]
    public void Unique_topics_differ_and_stay_within_the_day_shape()
    {
        var now = new DateTimeOffset(2025, 7, 4, 23, 59, 59, 999, TimeSpan.Zero);
        var names = Enumerable.Range(0, 200).Select(_ => JobTopic.NewUnique(now).Name).ToList();
        Assert.All(names, n => Assert.True(JobTopic.TryParse(n, out var t) && t.SubmittedOn == new DateOnly(2025, 7, 4) && t.Number < 86_400_000_000L, n));
        // 200 draws of 3 random digits in one millisecond collide sometimes; across milliseconds they cannot.
        var later = JobTopic.NewUnique(now.AddMilliseconds(-1)).Number;
        Assert.All(names, n => Assert.NotEqual(later, JobTopic.Parse(n).Number));
    }

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
