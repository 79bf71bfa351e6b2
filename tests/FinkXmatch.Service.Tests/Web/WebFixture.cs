using FinkXmatch.Tests.Generations;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// The real service host of <see cref="ServiceFixture"/> (whose datalake holds alerts planted within 1″ of a tenth of
/// the 3HSP sources, so that a crossmatch of 3hsp.csv run from the web page has matches), shared by the web tests.
/// Its datalake also holds four real nights of 2019 to 2025 written under four Fink/ZTF schemas
/// (<see cref="GenerationsDatalake"/>, 136 alerts: cheap to scan), so that a job over its years meets them all.
/// </summary>
public sealed class WebFixture : ServiceFixture
{
    public Uri BaseAddress => Client.BaseAddress!;

    protected override Task AddNightsAsync(string datalake)
    {
        GenerationsDatalake.Create(datalake);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
