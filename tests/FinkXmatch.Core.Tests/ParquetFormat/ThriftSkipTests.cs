using FinkXmatch.Core.ParquetFormat;
using FinkXmatch.Core.Tests.Datalake;

namespace FinkXmatch.Core.Tests.ParquetFormat;

/// <summary>
/// <see cref="ThriftCompactReader.SkipStruct"/> (one loop, its own stack) must end where the general recursive
/// <see cref="ThriftCompactReader.Skip"/> ends, on real footers and on damaged ones, or fail as it fails.
/// </summary>
public sealed class ThriftSkipTests
{
    public static TheoryData<string> Footers() => new() { SampleFiles.Part2, SampleFiles.Rubin };

    [Theory]
    [MemberData(nameof(Footers))]
    public void Skipping_a_whole_footer_ends_where_the_general_skip_ends(string path)
    {
        var footer = Footer(path);
        // A footer is the body of one struct (FileMetaData): both skips cross it whole.
        Assert.Equal((footer.Length, null), Outcome(footer, fast: true));
        Assert.Equal((footer.Length, null), Outcome(footer, fast: false));
    }

    [Theory]
    [MemberData(nameof(Footers))]
    public void On_damaged_footers_both_skips_end_at_the_same_byte_or_both_fail(string path)
    {
        var footer = Footer(path);
        var random = new Random(18);
        var failed = 0;
        for (var trial = 0; trial < 400; trial++)
        {
            var damaged = (byte[])footer.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            var cut = damaged.AsSpan(0, trial % 4 == 0 ? random.Next(damaged.Length) : damaged.Length).ToArray();
            var fast = Outcome(cut, fast: true);
            var general = Outcome(cut, fast: false);
            Assert.Equal(general.Position, fast.Position);
            Assert.Equal(general.Failure is null, fast.Failure is null);
            if (fast.Failure is not null) failed++;
        }
        Assert.True(failed > 50, $"only {failed} of 400 damaged footers failed to skip: the damage does not reach the parser");
    }

    private static byte[] Footer(string path)
    {
        using var handle = File.OpenHandle(path);
        return ParquetFileLayout.ReadFooter(handle).Footer;
    }

    // Where the skip ended, or -1 and what it threw.
    private static (int Position, Type? Failure) Outcome(byte[] bytes, bool fast)
    {
        var r = new ThriftCompactReader(bytes);
        try
        {
            if (fast) r.SkipStruct();
            else r.Skip(ThriftCompactReader.Struct);
            return (r.Position, null);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or InvalidDataException or OverflowException)
        {
            return (-1, e.GetType());
        }
    }
}
