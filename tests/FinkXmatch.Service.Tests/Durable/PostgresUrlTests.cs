using FinkXmatch.Silo.Cli;
using FinkXmatch.Silo.Hosting;
using Npgsql;

namespace FinkXmatch.Service.Tests.Durable;

public sealed class PostgresUrlTests
{
    [Fact]
    public void A_full_url_becomes_the_npgsql_connection_string()
    {
        var url = PostgresUrl.Parse("postgres://fink%40lab:p%3Ass@db.example.org:6543/fx_prod?sslmode=require&application_name=fx");
        var built = new NpgsqlConnectionStringBuilder(url.ConnectionString);

        Assert.Equal("db.example.org", built.Host);
        Assert.Equal(6543, built.Port);
        Assert.Equal("fink@lab", built.Username);
        Assert.Equal("p:ss", built.Password);
        Assert.Equal("fx_prod", built.Database);
        Assert.Equal(SslMode.Require, built.SslMode);
        Assert.Equal("fx", built.ApplicationName);
        Assert.Equal("fink@lab@db.example.org:6543/fx_prod", url.Display);
        Assert.DoesNotContain("p:ss", url.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_and_password_are_optional()
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresUrl.Parse("postgresql://fx@localhost/fx").ConnectionString);
        Assert.Equal(5432, built.Port);
        Assert.Null(built.Password);
    }

    [Theory]
    [InlineData("postgres://localhost/fx", "names no user")]
    [InlineData("postgres://fx:pw@localhost", "names no database")]
    [InlineData("postgres://fx:pw@localhost/", "names no database")]
    [InlineData("postgres://fx:pw@localhost/fx?sslmode=sometimes", "parameter 'sslmode'")]
    [InlineData("postgres://fx:pw@localhost/fx?pool=9", "unknown parameter 'pool'")]
    [InlineData("postgres:/fx", "is not a PostgreSQL URL")]
    public void A_url_that_cannot_work_is_refused_without_showing_its_password(string value, string message)
    {
        var error = Assert.Throws<UsageException>(() => PostgresUrl.Parse(value));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(":pw@", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_storage_flags_become_configuration_keys()
    {
        var line = ServiceCommandLine.Parse(["--storage", "postgres://fx:pw@h/db", "--silo-port", "11112", "--gateway-port", "30002",
            "--advertised-address", "10.0.0.7", "--cluster-id", "blue"]);
        Assert.Equal("postgres://fx:pw@h/db", line.Configuration["FinkXmatch:Storage"]);
        Assert.Equal("11112", line.Configuration["FinkXmatch:SiloPort"]);
        Assert.Equal("30002", line.Configuration["FinkXmatch:GatewayPort"]);
        Assert.Equal("10.0.0.7", line.Configuration["FinkXmatch:AdvertisedAddress"]);
        Assert.Equal("blue", line.Configuration["FinkXmatch:ClusterId"]);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("my-host")]
    public void The_advertised_address_must_be_one_other_silos_can_reach(string address)
    {
        var error = Assert.Throws<UsageException>(() => new ClusterSettings { AdvertisedAddress = address }.Validate());
        Assert.StartsWith("--advertised-address must be", error.Message, StringComparison.Ordinal);
    }
}
