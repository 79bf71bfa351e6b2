using FinkXmatch.Core.ParquetFormat;

namespace FinkXmatch.Core.Tests.ParquetFormat;

/// <summary>Arrays lent for result batches come back only when they were lent, once, and are lent again.</summary>
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
}
