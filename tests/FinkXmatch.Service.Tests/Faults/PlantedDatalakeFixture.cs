using FinkXmatch.Service.Tests.Durable;

namespace FinkXmatch.Service.Tests.Faults;

/// <summary>One <see cref="PlantedNightsDatalake"/> for a test class, and its reference rows computed once.</summary>
public sealed class PlantedDatalakeFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private Task<ResultTable>? _reference;

    public string Root => Path.Combine(_directory.Path, "datalake");

    public async Task InitializeAsync()
    {
        await PlantedNightsDatalake.WriteAsync(Root);
        _reference = Task.Run(() => PlantedNightsDatalake.ReferenceAsync(Root));
    }

    internal Task<ResultTable> ReferenceAsync() => _reference!;

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
