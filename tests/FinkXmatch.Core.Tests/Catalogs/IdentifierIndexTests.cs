using FinkXmatch.Core.Catalogs;

namespace FinkXmatch.Core.Tests.Catalogs;

public class IdentifierIndexTests
{
    [Fact]
    public void FindsTheEarlierDuplicateAcrossGrowth()
    {
        // Brute force reference: a dictionary of first positions.
        var rng = new Random(3);
        var index = new IdentifierIndex();
        var ids = new string[50_000];
        var count = 0;
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 50_000; i++)
        {
            var id = "src" + rng.Next(80_000);
            var found = index.AddOrFind(id, ids.AsSpan(0, count));
            if (first.TryGetValue(id, out var expected))
            {
                Assert.Equal(expected, found);
            }
            else
            {
                Assert.Equal(-1, found);
                first[id] = count;
                ids[count++] = id;
            }
        }
        Assert.True(count > 30_000);
    }

    [Fact]
    public void IsOrdinal()
    {
        var index = new IdentifierIndex();
        string[] ids = ["a"];
        Assert.Equal(-1, index.AddOrFind("a", []));
        Assert.Equal(-1, index.AddOrFind("A", ids));
        Assert.Equal(0, index.AddOrFind(new string('a', 1), ["a", "A"]));
    }
}
