using FinkXmatch.Silo.Cli;
using FinkXmatch.Silo.Hosting;

namespace FinkXmatch.Service.Tests;

public sealed class ServiceCommandLineTests
{
    [Fact]
    public void Flags_become_the_configuration_keys_the_options_bind_to()
    {
        var line = ServiceCommandLine.Parse(
            ["--urls", "http://127.0.0.1:6000", "--data-dir", "/srv/fx", "--datalake", "/lake", "--kafka", "k1:9092,k2:9092", "--storage", "memory"]);

        Assert.False(line.Help);
        Assert.Equal("http://127.0.0.1:6000", line.Configuration["urls"]);
        Assert.Equal("/srv/fx", line.Configuration["FinkXmatch:DataDirectory"]);
        Assert.Equal("/lake", line.Configuration["FinkXmatch:Datalake"]);
        Assert.Equal("k1:9092,k2:9092", line.Configuration["FinkXmatch:Kafka"]);
        Assert.Equal("memory", line.Configuration["FinkXmatch:Storage"]);
    }

    [Theory]
    [InlineData(new[] { "--port", "80" }, "unknown option --port")]
    [InlineData(new[] { "--urls" }, "option --urls needs a value")]
    [InlineData(new[] { "--kafka", "a:1", "--kafka", "b:2" }, "option --kafka is given twice")]
    public void Bad_flags_are_refused_in_one_line(string[] args, string message)
    {
        var error = Assert.Throws<UsageException>(() => ServiceCommandLine.Parse(args));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Urls_must_be_http()
    {
        var error = Assert.Throws<UsageException>(() => ListenUrls.Check("ftp://x:1"));
        Assert.Equal("--urls 'ftp://x:1' is not an http:// or https:// address, e.g. http://127.0.0.1:5080", error.Message);
        ListenUrls.Check("http://*:5080;https://127.0.0.1:5443");
    }

    [Theory]
    [InlineData("--storage postgres://localhost/fx")]
    [InlineData("--bogus")]
    [InlineData("--storage redis")]
    [InlineData("--kafka localhost")]
    [InlineData("--datalake /no/such/datalake/dir")]
    public async Task The_service_exits_2_on_bad_input_without_starting(string args)
    {
        Assert.Equal(CliApp.BadInput, await ServiceHost.RunAsync(args.Split(' '), CancellationToken.None));
    }
}
