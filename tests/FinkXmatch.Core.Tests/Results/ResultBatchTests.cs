using FinkXmatch.Core.Results;

namespace FinkXmatch.Core.Tests.Results;

public sealed class ResultBatchTests
{
    private static ResultBatch Batch() => new([["ZTF1", "ZTF2"], [11L, 12L]], [0, 1, 1], [0.5, 1.5, 2.5], ["A", "B", "C"]);

    [Fact]
    public void Rows_repeat_the_alert_values_of_each_match()
    {
        var batch = Batch();
        Assert.Equal(3, batch.Count);
        Assert.Equal(4, batch.ColumnCount);
        Assert.Equal(2, batch.SeparationColumn);
        Assert.Equal(new object?[] { "ZTF1", 11L, 0.5, "A" }, batch[0]);
        Assert.Equal(new object?[] { "ZTF2", 12L, 1.5, "B" }, batch[1]);
        Assert.Equal(new object?[] { "ZTF2", 12L, 2.5, "C" }, batch[2]);
        Assert.Equal(batch.Select(r => r[3]), ["A", "B", "C"]);
        var separations = new double[2];
        Assert.True(batch.TryCopy(2, 1, separations.AsSpan()));
        Assert.Equal([1.5, 2.5], separations);
        var ids = new string[1];
        Assert.True(batch.TryCopy(3, 1, ids.AsSpan()));
        Assert.Equal(["B"], ids);
        Assert.False(batch.TryCopy(1, 0, new long[1].AsSpan()));
        Assert.False(batch.TryCopy(0, 0, new string[1].AsSpan()));
    }

    [Fact]
    public void Typed_alert_columns_give_the_same_rows_and_copy_without_boxing()
    {
        object?[][] boxed = [["ZTF1", null], [11L, 12L], [17.5f, null], [null, 2.25], [1, null], [new byte[] { 1, 2 }, null]];
        Array[] typed = [new string?[] { "ZTF1", null }, new long?[] { 11L, 12L }, new float?[] { 17.5f, null }, new double?[] { null, 2.25 },
            new int?[] { 1, null }, new byte[]?[] { [1, 2], null }];
        int[] alertOf = [0, 1, 1];
        var plain = new ResultBatch(boxed, alertOf, [0.5, 1.5, 2.5], ["A", "B", "C"]);
        var batch = new ResultBatch(typed, alertOf, [0.5, 1.5, 2.5], ["A", "B", "C"]);
        Assert.Equal(plain.ToList(), batch.ToList());

        var objectIds = new string?[2];
        Assert.True(batch.TryCopy(0, 1, objectIds.AsSpan()));
        Assert.Equal(new string?[] { null, null }, objectIds.AsEnumerable());
        var candids = new long?[3];
        Assert.True(batch.TryCopy(1, 0, candids.AsSpan()));
        Assert.Equal([11L, 12L, 12L], candids);
        var required = new long[3];
        Assert.True(batch.TryCopyRequired(1, 0, required.AsSpan()));
        Assert.Equal([11L, 12L, 12L], required);
        // A null cannot go into a required column, nor a column into another type: the caller's general path decides.
        Assert.False(batch.TryCopyRequired(2, 0, new float[3].AsSpan()));
        Assert.False(batch.TryCopy(2, 0, new double?[3].AsSpan()));
        Assert.False(plain.TryCopy(1, 0, new long?[3].AsSpan()));
        Assert.Throws<ArgumentException>(() => new ResultBatch([new short?[] { 1 }], [0], [0.5], ["A"]));
    }

    [Fact]
    public void Rows_each_their_own_alert_are_the_rows_of_an_index_that_counts_up()
    {
        var ids = FinkXmatch.Core.Catalogs.CatalogIdentifiers.Of(["A", "B", "C"]);
        object[] columns = [new string?[] { "ZTF1", null, "ZTF3" }, new long[] { 11L, 12L, 13L }, new double?[] { null, 2.25, 3.5 }];
        var one = ResultBatch.OnePerAlert(columns, [0.5, 1.5, 2.5], ids.Utf8Of([2, 0, 1]));
        var indexed = new ResultBatch(columns, [0, 1, 2], [0.5, 1.5, 2.5], ["C", "A", "B"]);
        Assert.Equal(3, one.Count);
        Assert.Equal(indexed.ToList(), one.ToList());
        var candids = new long[2];
        Assert.True(one.TryCopyRequired(1, 1, candids.AsSpan()));
        Assert.Equal([12L, 13L], candids);
        var ra = new double?[2];
        Assert.True(one.TryCopy(2, 0, ra.AsSpan()));
        Assert.Equal(new double?[] { null, 2.25 }, ra);
        Assert.False(one.TryCopyRequired(2, 0, new double[2].AsSpan()));   // a null
        // An alert column shorter than the rows is refused.
        Assert.Throws<ArgumentException>(() => ResultBatch.OnePerAlert([new long[] { 1L, 2L }], [0.5, 1.5, 2.5], ids.Utf8Of([0, 1, 2])));
    }

    [Fact]
    public void Bad_shapes_and_indices_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ResultBatch([["ZTF1"]], [0, 1], [0.5, 1.5], ["A", "B"]));
        Assert.Throws<ArgumentException>(() => new ResultBatch([["ZTF1"]], [0], [0.5, 1.5], ["A"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Batch()[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Batch().Value(0, 4));
    }
}
