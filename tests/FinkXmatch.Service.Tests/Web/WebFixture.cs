using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// The real service host of <see cref="ServiceFixture"/>, whose datalake also holds alerts planted within 1″ of a
/// tenth of the 3HSP sources, so that a crossmatch of 3hsp.csv run from the web page has matches.
/// </summary>
public sealed class WebFixture : ServiceFixture
{
    public const double PlantedFraction = 0.1;

    public int PlantedSources { get; private set; }

    public Uri BaseAddress => Client.BaseAddress!;

    protected override void PlantCounterparts(DatalakeGenerator generator) =>
        PlantedSources = generator.Plant([.. ThreeHsp.Positions], PlantedFraction, maxOffsetArcsec: 1.0);
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
