using System.Text;
using FinkXmatch.Core.Catalogs;

namespace FinkXmatch.Core.Tests.Catalogs;

/// <summary>The checks of identifiers written in place against the plain definitions: ordinal order of the bytes, blank as string.IsNullOrWhiteSpace.</summary>
public sealed class IdentifierPartTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(16)]
    [InlineData(17)]
    public void Ascending_is_the_ordinal_order_wherever_two_neighbours_are(int width)
    {
        var random = new Random(width);
        for (var count = 1; count <= 40; count++)
        {
            // Ascending identifiers of `width` bytes, then each neighbour pair swapped or made equal in turn (near the
            // end too, where fewer than 16 bytes are left to read).
            var ids = Enumerable.Range(0, count).Select(_ => Id(random, width)).Distinct().Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(IsAscending(ids), Check(ids, width));
            for (var k = 1; k < ids.Length; k++)
            {
                var swapped = (string[])ids.Clone();
                (swapped[k - 1], swapped[k]) = (swapped[k], swapped[k - 1]);
                Assert.False(Check(swapped, width));
                var equal = (string[])ids.Clone();
                equal[k] = equal[k - 1];
                Assert.False(Check(equal, width));
            }
        }
    }

    [Theory]
    [InlineData("    ", false)]
    [InlineData(" \t\n ", false)]
    [InlineData("  a ", true)]
    [InlineData("\u00a0\u3000", false)]   // 5 bytes of UTF-8 white space
    [InlineData("\u00a0é ", true)]
    public void An_identifier_of_white_space_is_refused(string id, bool accepted)
    {
        var width = Encoding.UTF8.GetByteCount(id);
        var text = Enumerable.Range(0, 30).Select(i => i == 20 ? id : (i * 7 % 30).ToString("D" + width, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(accepted, IdentifierPart.CheckUniform(Encoding.UTF8.GetBytes(string.Concat(text)), width, out _));
    }

    private static string Id(Random random, int width) => new(Enumerable.Range(0, width).Select(_ => (char)random.Next('A', 'E')).ToArray());

    private static bool IsAscending(string[] ids) => ids.Zip(ids.Skip(1)).All(p => string.CompareOrdinal(p.First, p.Second) < 0);

    private static bool Check(string[] ids, int width)
    {
        Assert.True(IdentifierPart.CheckUniform(Encoding.UTF8.GetBytes(string.Concat(ids)), width, out var ascending));
        return ascending;
    }
}
