using FinkXmatch.Core.Catalogs.VOTable;
using FinkXmatch.Core.Tests.Catalogs.Fixtures;

namespace FinkXmatch.Core.Tests.Catalogs.VOTable;

public sealed class VOTableFuzzTests
{
    [Fact]
    public void Damaged_votables_only_throw_catalog_exceptions()
    {
        byte[][] sources =
        [
            VOTableFixtureFiles.Bytes("sample_tabledata.xml"), VOTableFixtureFiles.Bytes("sample_binary.xml"),
            VOTableFixtureFiles.Bytes("sample_binary2.xml"),
        ];
        var outcomes = CatalogMutations.Run(sources, seed: 1717, headerBytes: 1200,
            (stream, name) => VOTableCatalogReader.Open(stream, name));
        // The mutations must reach both outcomes, or the test proves nothing.
        Assert.True(outcomes.Errors > 20 && outcomes.Successes > 5, $"{outcomes}");
    }
}
