namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// The real service host of <see cref="ServiceFixture"/> (whose datalake holds alerts planted within 1″ of a tenth of
/// the 3HSP sources, so that a crossmatch of 3hsp.csv run from the web page has matches), shared by the web tests.
/// </summary>
public sealed class WebFixture : ServiceFixture
{
    public Uri BaseAddress => Client.BaseAddress!;
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
