using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Tests.ParquetFormat;

/// <summary>
/// Arrays lent for result batches come back only when they were lent, once, and are lent again; the pool, the process's,
/// holds at most <see cref="ResultArrays.MaxHeldBytes"/> bytes of them.
/// </summary>
public sealed class ResultArraysTests
{
    // long[]: no batch of the library is made of them (the other tests' batches do not take these arrays).
    [Fact]
    public void An_array_handed_back_is_lent_again_once_and_one_not_lent_never()
    {
        var lent = ResultArrays.Rent<long>(1_234_567);
        Assert.True(lent.Length >= 1_234_567);
        ResultArrays.Return(lent);
        ResultArrays.Return(lent);   // a second time: not taken twice
        var again = ResultArrays.Rent<long>(1_000_000);
        Assert.Same(lent, again);
        var other = ResultArrays.Rent<long>(1_000_000);
        Assert.NotSame(lent, other);

        var foreign = new long[2_000_000];
        ResultArrays.Return(foreign);
        var next = ResultArrays.Rent<long>(2_000_000);
        Assert.NotSame(foreign, next);
        Assert.True(next.Length >= 2_000_000);
        ResultArrays.Return(null);   // nothing to hand back
    }

    [Fact]
    public void An_array_too_short_is_not_lent_for_more()
    {
        var shorter = ResultArrays.Rent<long>(3_000);
        ResultArrays.Return(shorter);
        var longer = ResultArrays.Rent<long>(3_000_000);
        Assert.NotSame(shorter, longer);
        Assert.True(longer.Length >= 3_000_000);
    }

    // int[] of a quarter of the bound each, eight of them: twice the bound handed back. Other tests' batches may take one
    // meanwhile (any array long enough is lent), or hold a little of the bound: at most four come back, at least one.
    [Fact]
    public void The_pool_holds_at_most_its_bound_in_bytes_whatever_is_handed_back()
    {
        var quarter = (int)(ResultArrays.MaxHeldBytes / 4 / sizeof(int));
        var lent = Enumerable.Range(0, 8).Select(_ => ResultArrays.Rent<int>(quarter)).ToArray();
        foreach (var array in lent)
        {
            ResultArrays.Return(array);
            Assert.InRange(ResultArrays.HeldBytes, 0, ResultArrays.MaxHeldBytes);
        }
        // Taken back (which also leaves room for the other tests): only what the bound let the pool keep.
        var back = Enumerable.Range(0, 8).Select(_ => ResultArrays.Rent<int>(quarter)).ToArray();
        Assert.InRange(back.Count(b => lent.Contains(b)), 1, 4);

        // An array bigger than the bound alone is never kept.
        var huge = ResultArrays.Rent<byte>((int)ResultArrays.MaxHeldBytes + 1);
        ResultArrays.Return(huge);
        Assert.InRange(ResultArrays.HeldBytes, 0, ResultArrays.MaxHeldBytes);
        Assert.NotSame(huge, ResultArrays.Rent<byte>((int)ResultArrays.MaxHeldBytes + 1));
    }
}
