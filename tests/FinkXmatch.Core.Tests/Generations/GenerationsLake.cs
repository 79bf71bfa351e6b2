using FinkXmatch.Core.Catalogs;
using FinkXmatch.Tests.Generations;

namespace FinkXmatch.Core.Tests.Generations;

/// <summary>The four-generation datalake (<see cref="GenerationsDatalake"/>) and its catalog, laid out once per test class.</summary>
public sealed class GenerationsLake : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "fxm-generations-" + Guid.NewGuid().ToString("N"));

    public string Root => Path.Combine(Directory, "lake");

    public SourceCatalog Catalog { get; private set; } = null!;

    public int Alerts { get; private set; }

    public string NewResultPath() => Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".parquet");

    public async Task InitializeAsync()
    {
        GenerationsDatalake.Create(Root);
        var csv = Path.Combine(Directory, "alerts.csv");
        Alerts = await GenerationsDatalake.WriteCatalogAsync(Root, csv);
        using var reader = CatalogReaders.Open(csv);
        Catalog = CatalogLoader.Load(reader, new CatalogSelection("ra", "dec", "id", Core.Sky.CoordinateFormat.Degrees));
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
