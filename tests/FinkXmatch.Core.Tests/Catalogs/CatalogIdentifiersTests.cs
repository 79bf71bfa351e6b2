using FinkXmatch.Core.Catalogs;

namespace FinkXmatch.Core.Tests.Catalogs;

public class CatalogIdentifiersTests
{
    [Fact]
    public void Finds_the_first_repeat_and_the_first_source_it_repeats()
    {
        // Brute force reference: the first source whose identifier an earlier one has, and that earlier one.
        var rng = new Random(3);
        for (var trial = 0; trial < 20; trial++)
        {
            var ids = Enumerable.Range(0, 20_000).Select(_ => "src" + rng.Next(trial < 10 ? 400_000 : 40_000_000)).ToArray();
            var builder = new CatalogIdentifiersBuilder(int.MaxValue);
            foreach (var id in ids) builder.Add(id);
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            var (expected, expectedEarlier) = (-1, -1);
            for (var i = 0; i < ids.Length && expected < 0; i++)
                if (!first.TryAdd(ids[i], i)) (expected, expectedEarlier) = (i, first[ids[i]]);
            Assert.Equal(expected, builder.FirstDuplicate(ids.Length, out var earlier));
            Assert.Equal(expectedEarlier, earlier);
        }
    }

    [Fact]
    public void Looks_only_below_the_given_source()
    {
        var builder = new CatalogIdentifiersBuilder(int.MaxValue);
        foreach (var id in new[] { "a", "b", "c", "a", "b" }) builder.Add(id);
        Assert.Equal(-1, builder.FirstDuplicate(3, out _));
        builder = new CatalogIdentifiersBuilder(int.MaxValue);
        foreach (var id in new[] { "a", "b", "c", "b", "a" }) builder.Add(id);
        Assert.Equal(3, builder.FirstDuplicate(5, out var earlier));
        Assert.Equal(1, earlier);
    }

    [Fact]
    public void Is_ordinal_and_keeps_the_text()
    {
        string[] ids = ["a", "A", "é", "e\u0301", "γ δ", "𝔸"];
        var held = CatalogIdentifiers.Of(ids);
        Assert.Equal(ids, held);
        Assert.Equal(ids.Length, held.Count);
        var builder = new CatalogIdentifiersBuilder(int.MaxValue);
        foreach (var id in ids) builder.Add(id);
        Assert.Equal(-1, builder.FirstDuplicate(ids.Length, out _));
    }

    [Fact]
    public void A_repeat_is_found_where_ascending_identifiers_turn_back()
    {
        // Enough identifiers to be checked in one slice per core; the turn exactly where a slice starts and just after.
        const int n = 200_000;
        foreach (var turn in new[] { n / 2, n / 2 + 1, n - 1 })
        {
            var ids = Enumerable.Range(0, n).Select(i => $"id{i:D7}").ToArray();
            ids[turn] = ids[turn - 1];
            var builder = new CatalogIdentifiersBuilder(int.MaxValue);
            foreach (var id in ids) builder.Add(id);
            Assert.Equal(turn, builder.FirstDuplicate(n, out var earlier));
            Assert.Equal(turn - 1, earlier);
            Assert.Equal(-1, builder.FirstDuplicate(turn, out _));
        }
        // Descending without a repeat: searched, none found.
        var down = new CatalogIdentifiersBuilder(int.MaxValue);
        foreach (var i in Enumerable.Range(0, n).Reverse()) down.Add($"id{i:D7}");
        Assert.Equal(-1, down.FirstDuplicate(n, out _));
    }

    [Fact]
    public void Identifiers_of_one_length_are_held_without_offsets()
    {
        string[] same = ["abc", "déf", "xyz"];   // "é" is two bytes, "d" one: not the same length
        var mixed = CatalogIdentifiers.Of(same);
        Assert.Equal(same, mixed);
        Assert.Equal(10 + 4 * 3, mixed.MemoryBytes);
        string[] equal = ["S01", "S02", "A03", "é1"];
        var uniform = CatalogIdentifiers.Of(equal);
        Assert.Equal(equal, uniform);
        Assert.Equal(12, uniform.MemoryBytes);
        var column = uniform.Utf8Of([3, 0, 3]);
        Assert.Equal(["é1", "S01", "é1"], Enumerable.Range(0, column.Count).Select(column.Value));
        Assert.Throws<ArgumentOutOfRangeException>(() => uniform.Utf8Of([4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => uniform[4]);
    }

    [Fact]
    public void Row_group_parts_are_joined_in_order()
    {
        // As a Parquet catalog's row groups give them: one length in the first part, none in the second, several in the third.
        IdentifierPart[] parts = [Part("10", "11"), Part(), Part("5", "123", "7")];
        var held = IdentifierPart.Join(parts)!;
        string[] expected = ["10", "11", "5", "123", "7"];
        Assert.Equal(expected, held);
        Assert.Equal(9 + 4 * 5, held.MemoryBytes);
        int[] sources = [4, 0, 3, 1, 2, 3];
        var column = held.Utf8Of(sources);
        Assert.Equal(sources.Select(s => expected[s]), Enumerable.Range(0, column.Count).Select(column.Value));
        Assert.Throws<ArgumentOutOfRangeException>(() => held.Utf8Of([5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => held[5]);
        Assert.False(IdentifierPart.AllAscending(parts));   // "123" sorts before "5"
        Assert.False(IdentifierPart.AllAscending([Part("10", "12"), Part("11")]));   // each part ascends; "11" sorts before "12"

        // Parts of one length give identifiers of that length, without offsets.
        parts = [Part("10", "11"), Part("12", "13")];
        held = IdentifierPart.Join(parts)!;
        Assert.Equal(["10", "11", "12", "13"], held);
        Assert.Equal(8, held.MemoryBytes);
        Assert.True(IdentifierPart.AllAscending(parts));
        var rows = CatalogIdentifiers.RowNumbers(41, 3).Utf8Of([2, 0]);
        Assert.Equal(["43", "41"], Enumerable.Range(0, rows.Count).Select(rows.Value));
    }

    [Fact]
    public void Row_numbers_hold_nothing()
    {
        var rows = CatalogIdentifiers.RowNumbers(1, 3);
        Assert.Equal(["1", "2", "3"], rows);
        Assert.Equal(0, rows.MemoryBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => rows[3]);
    }

    [Fact]
    public void Radix_sort_orders_by_the_high_bits_keeping_ties_in_order()
    {
        var rng = new Random(5);
        var keys = Enumerable.Range(0, 50_000).Select(i => ((ulong)(uint)rng.Next(3000) << 32 | (uint)(i * 7 % 65_536)) + ((ulong)rng.Next(4) << 60)).ToArray();
        var expected = keys.Select((k, i) => (k, i)).OrderBy(p => p.k >> 32).ThenBy(p => p.i).Select(p => p.k).ToArray();
        Assert.Equal(expected, HighBitsRadixSort.Sort(keys.AsSpan(), new ulong[keys.Length]).ToArray());
    }

    // A row group's identifiers as OfText gives them, with their ends and whether they ascend (ordinal).
    private static IdentifierPart Part(params string[] ids)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(string.Concat(ids));
        var ends = new int[ids.Length];
        for (int k = 0, at = 0; k < ids.Length; k++) ends[k] = at += System.Text.Encoding.UTF8.GetByteCount(ids[k]);
        var ascending = ids.Zip(ids.Skip(1)).All(p => string.CompareOrdinal(p.First, p.Second) < 0);
        return IdentifierPart.OfEnds(utf8, ends, ascending);
    }
}
