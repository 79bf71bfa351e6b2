using FinkXmatch.Api;
using FinkXmatch.Api.Auth;
using FinkXmatch.Api.Catalogs;
using FinkXmatch.Core.Kafka;
using FinkXmatch.Core.KafkaEmbedded;
using FinkXmatch.Grains;
using FinkXmatch.Grains.Jobs;
using FinkXmatch.Grains.Settings;
using FinkXmatch.Silo.Cli;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// The service (CONTRACT §1): one process holding an Orleans silo (localhost clustering and memory grain storage, or
/// PostgreSQL for both with <c>--storage postgres://...</c>, see <see cref="DurableStorage"/>), the HTTP API, the web
/// page at <c>/</c>, the Orleans dashboard at <c>/dashboard</c>, <c>/health</c>, and the embedded Kafka broker unless
/// <c>--kafka HOST:PORT</c> names a real one.
/// </summary>
public static class ServiceHost
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Builds the host without starting it; <paramref name="configure"/> lets tests add settings.</summary>
    /// <exception cref="UsageException">Bad flags or settings.</exception>
    public static WebApplication Build(ServiceCommandLine commandLine, Action<WebApplicationBuilder>? configure = null) =>
        Build(commandLine, frontEnd: false, configure);

    /// <summary>
    /// <c>finkxmatch api</c>: the HTTP API, the web page and the dashboard alone, as an Orleans client of a durable silo
    /// cluster (<see cref="FrontEnd"/>), so that front ends scale apart from silos.
    /// </summary>
    /// <exception cref="UsageException">Bad flags or settings, or no cluster to front.</exception>
    public static WebApplication BuildFrontEnd(ServiceCommandLine commandLine, Action<WebApplicationBuilder>? configure = null) =>
        Build(commandLine, frontEnd: true, configure);

    private static WebApplication Build(ServiceCommandLine commandLine, bool frontEnd, Action<WebApplicationBuilder>? configure)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The flags were parsed by ServiceCommandLine; the default command-line source would take any --x=y.
            Args = [],
            // appsettings.json ships beside the executable; relative data paths still resolve against the current directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(commandLine.Configuration);
        configure?.Invoke(builder);

        var urls = builder.Configuration[ServiceCommandLine.UrlsKey];
        ListenUrls.Check(urls);
        // Orleans is wired from these before the container exists; every other setting is an option checked at start.
        var cluster = ClusterSettings.Read(builder.Configuration);
        var database = frontEnd ? FrontEnd.Database(cluster) : cluster.Database();
        if (database is not null) cluster.Validate();
        builder.Services.AddSingleton(cluster);
        builder.Services.AddFinkXmatchSettings();
        builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(urls) ? DefaultUrls : urls);
        if (!frontEnd) DemoDatalakeStartup.Add(builder.Services);

        // The one clock of job, catalog and expiry times; tests register their own (advanceable) one first.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddFinkXmatchApi();
        AddKafka(builder.Services);
        if (frontEnd)
        {
            FrontEnd.AddClusterClient(builder, database!, cluster);
        }
        else
        {
            builder.Services.AddXmatchJobs();
            NightsAheadService.Add(builder.Services);
            builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");
            if (database is not null) DurableStorage.AddSchemaInstaller(builder.Services, database, cluster);
            builder.UseOrleans(silo =>
            {
                if (database is null) DurableStorage.ConfigureMemory(silo, cluster);
                else DurableStorage.ConfigurePostgres(silo, database, cluster, builder.Configuration);
                silo.AddDashboard();
            });
        }

        StartupTrace.Mark("host configured");
        var app = builder.Build();
        StartupTrace.Mark("container built");
        app.UseExceptionHandler();
        // Bodiless errors (unknown route, wrong method) become problem+json too.
        app.UseStatusCodePages();
        // The page's files are served to anyone (it signs in from there); everything after needs a user but /health.
        app.UseFinkXmatchWebPage();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapFinkXmatchApi();
        LazyDashboard.Map(app);
        StartupTrace.Mark("endpoints mapped");
        return app;
    }

    /// <summary>
    /// Runs the service (or, with <paramref name="frontEnd"/>, <c>finkxmatch api</c>) with the flags in
    /// <paramref name="args"/> (none of the verbs: <see cref="ServiceCli"/> dispatches those). Exit codes as the CLI's.
    /// </summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancel, bool frontEnd = false) =>
        ServiceCli.RunAsync(frontEnd ? ["api", .. args] : args, cancel);

    /// <summary>
    /// Runs the service (or, with <paramref name="frontEnd"/>, <c>finkxmatch api</c>) until Ctrl-C / SIGTERM or
    /// <paramref name="cancel"/>. Exit codes as the CLI's.
    /// </summary>
    public static async Task<int> RunAsync(ServiceCommandLine commandLine, CancellationToken cancel, bool frontEnd = false)
    {
        WebApplication app;
        try
        {
            app = Build(commandLine, frontEnd, configure: null);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CliApp.BadInput;
        }

        await using (app)
        {
            try
            {
                // Settings checked at start (a limit of 0, Auth: none beside a public address, ...) are bad input.
                if (SettingsProblem(app.Services) is { } problem)
                {
                    Console.Error.WriteLine($"error: {problem}");
                    return CliApp.BadInput;
                }
                // Fail before listening if the data directory cannot be written or the broker cannot start.
                app.Services.GetRequiredService<CatalogStore>().EnsureDirectories();
                var kafka = app.Services.GetRequiredService<KafkaEndpoint>();
                // Durable mode: reach PostgreSQL and create the schema first, so that failing is one line.
                if (app.Services.GetService<OrleansSchemaInstaller>() is { } schema) await schema.PrepareAsync(cancel);
                StartupTrace.Mark("settings checked, broker started");
                await app.StartAsync(cancel);
                StartupTrace.Mark("listening");
                PrintBanner(app, kafka, frontEnd);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"failed: {e.Message.ReplaceLineEndings(" ")}");
                if (Environment.GetEnvironmentVariable("FINKXMATCH_DEBUG") == "1") Console.Error.WriteLine(e);
                return CliApp.Failure;
            }
            await app.WaitForShutdownAsync(cancel);
        }
        Console.WriteLine("FinkXmatch stopped");
        return CliApp.Ok;
    }

    /// <summary>
    /// What the options validated on start (<c>ValidateOnStart</c>) refuse, as one line, or null. Checked before
    /// starting so that a refusal is exit code 2 rather than a failed start.
    /// </summary>
    public static string? SettingsProblem(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (OptionsValidationException e)
        {
            return string.Join("; ", e.Failures);
        }
        catch (AggregateException e)
        {
            // Several options refused at once (each an OptionsValidationException).
            return string.Join("; ", e.InnerExceptions.OfType<OptionsValidationException>().SelectMany(o => o.Failures));
        }
        catch (InvalidOperationException e)
        {
            // The binder could not convert a value (AUTH__MODE=sometimes, FINKXMATCH__CORESPERJOB=many): it names the key and the value.
            return e.Message.ReplaceLineEndings(" ");
        }
    }

    /// <summary>The addresses the server listens on (with real ports when port 0 was asked for).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    private static void AddKafka(IServiceCollection services)
    {
        // A real cluster's authentication (the embedded broker has none): checked at start, used by every client.
        services.AddOptions<KafkaSecurityOptions>().BindConfiguration(KafkaSecurityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KafkaSecurityOptions>, KafkaSecurityOptionsValidator>();
        // Created by the container, only when FinkXmatch:Kafka is embedded, so that it is also disposed (stopped) by it.
        services.AddSingleton(_ => EmbeddedKafkaBroker.Start());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<KafkaOptions>>().Value is { IsEmbedded: false } kafka
            ? KafkaEndpoint.Cluster(kafka.Kafka, sp.GetRequiredService<IOptions<KafkaSecurityOptions>>().Value.ToSecurity())
            : KafkaEndpoint.Embedded(sp.GetRequiredService<EmbeddedKafkaBroker>()));
    }

    private static string StorageLine(ClusterSettings cluster, bool frontEnd)
    {
        if (cluster.Database() is not { } database) return "memory (state is lost when the process stops)";
        if (frontEnd) return $"PostgreSQL {database.Display}, front end of cluster '{cluster.ClusterId}' (no silo here)";
        return $"PostgreSQL {database.Display}, cluster '{cluster.ClusterId}', silo {cluster.AdvertisedAddress}:{cluster.SiloPort}, gateway {cluster.GatewayPort}";
    }

    private static void PrintBanner(WebApplication app, KafkaEndpoint kafka, bool frontEnd)
    {
        var url = Addresses(app).FirstOrDefault() ?? DefaultUrls;
        var data = Path.GetFullPath(app.Services.GetRequiredService<IOptions<DataDirectoryOptions>>().Value.DataDirectory);
        Console.WriteLine($"""
            FinkXmatch is running (Ctrl-C stops it)
              web page   {url}/
              API        {url}/api/v1   (OpenAPI {url}/openapi/v1.json)
              dashboard  {url}/dashboard
              health     {url}/health
              Kafka      {kafka.BootstrapServers}{(kafka.IsEmbedded ? " (embedded, in memory)" : kafka.Security.Describe())}
              sign-in    {app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Mode.ToString().ToLowerInvariant()}
              data       {data}
              datalake   {string.Join(", ", app.Services.GetRequiredService<Core.Xmatch.SurveyDatalakes>().All.Select(d => $"{d.Survey.Name.ToUpperInvariant()} {d.Root}"))}
              storage    {StorageLine(app.Services.GetRequiredService<ClusterSettings>(), frontEnd)}
            """);
    }
}
