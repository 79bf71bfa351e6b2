using FinkXmatch.Grains;
using FinkXmatch.Grains.Catalogs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.TestingHost;

namespace FinkXmatch.Service.Tests;

/// <summary>The catalog grain in a two-silo cluster: state written on one silo is read from the other and survives deactivation.</summary>
public sealed class CatalogGrainClusterTests : IAsyncLifetime
{
    private readonly InProcessTestCluster _cluster;

    public CatalogGrainClusterTests()
    {
        var builder = new InProcessTestClusterBuilder(2);
        // Registering a catalog schedules its expiry, whose register grain uses a reminder.
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorage(GrainStorage.Name).UseInMemoryReminderService());
        builder.Options.ConfigureFileLogging = false;
        _cluster = builder.Build();
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_registered_catalog_is_read_back_from_every_silo_and_after_deactivation()
    {
        Assert.Equal(2, _cluster.Silos.Count);
        var catalog = Sample("cat-00000000000000000001");
        await Factory(0).GetGrain<ICatalogGrain>(catalog.Info.CatalogId).RegisterAsync(catalog);

        foreach (var silo in new[] { 0, 1 })
        {
            var read = await Factory(silo).GetGrain<ICatalogGrain>(catalog.Info.CatalogId).GetAsync();
            AssertSame(catalog, read);
        }

        // Deactivate: the next call must reload the state from grain storage.
        var grain = _cluster.Client.GetGrain<ICatalogGrain>(catalog.Info.CatalogId);
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        AssertSame(catalog, await _cluster.Client.GetGrain<ICatalogGrain>(catalog.Info.CatalogId).GetAsync());
    }

    [Fact]
    public async Task An_unknown_catalog_is_null()
    {
        Assert.Null(await _cluster.Client.GetGrain<ICatalogGrain>("cat-00000000000000000002").GetAsync());
    }

    [Fact]
    public async Task Registering_again_is_harmless_but_a_different_catalog_under_the_same_id_is_refused()
    {
        var catalog = Sample("cat-00000000000000000003");
        var grain = _cluster.Client.GetGrain<ICatalogGrain>(catalog.Info.CatalogId);
        await grain.RegisterAsync(catalog);
        await grain.RegisterAsync(catalog);

        var other = catalog with { StoredFileName = "cat-00000000000000000003.parquet" };
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.RegisterAsync(other));
        AssertSame(catalog, await grain.GetAsync());
    }

    [Fact]
    public async Task A_catalog_registered_on_another_id_is_refused()
    {
        var grain = _cluster.Client.GetGrain<ICatalogGrain>("cat-00000000000000000004");
        await Assert.ThrowsAsync<ArgumentException>(() => grain.RegisterAsync(Sample("cat-00000000000000000005")));
        Assert.Null(await grain.GetAsync());
    }

    private IGrainFactory Factory(int silo) =>
        _cluster.Silos[silo].SiloHost.Services.GetRequiredService<IGrainFactory>();

    private static StoredCatalog Sample(string catalogId) => new(
        new CatalogInfo(catalogId, "3hsp.csv", "csv", 2013,
            [new CatalogColumnInfo("id", "string"), new CatalogColumnInfo("R.A.", "string"), new CatalogColumnInfo("Dec", "string")],
            [new Dictionary<string, string> { ["id"] = "1", ["R.A."] = "00 01 16.37", ["Dec"] = "+29 35 34.0" }],
            new CatalogGuessInfo("R.A.", "Dec", "id", "sexagesimal"),
            new CatalogFootprint(0.75)),
        catalogId + ".csv", 296365, new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero));

    private static void AssertSame(StoredCatalog expected, StoredCatalog? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.StoredFileName, actual.StoredFileName);
        Assert.Equal(expected.Bytes, actual.Bytes);
        Assert.Equal(expected.UploadedAt, actual.UploadedAt);
        var (e, a) = (expected.Info, actual.Info);
        Assert.Equal((e.CatalogId, e.FileName, e.Format, e.Rows, e.Guess, e.Footprint), (a.CatalogId, a.FileName, a.Format, a.Rows, a.Guess, a.Footprint));
        Assert.Equal(e.Columns, a.Columns);
        Assert.Equal(e.Preview.Length, a.Preview.Length);
        // Order matters: the preview shows columns in file order.
        for (var i = 0; i < e.Preview.Length; i++) Assert.Equal(e.Preview[i].ToArray(), a.Preview[i].ToArray());
    }
}
