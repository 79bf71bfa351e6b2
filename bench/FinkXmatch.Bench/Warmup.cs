namespace FinkXmatch.Bench;

/// <summary>
/// Decides when the warm-up runs of a configuration end: after at least <paramref name="minimum"/>, at the first run
/// that is no more than 10 % faster than the one before (at most <paramref name="maximum"/>). One warm-up run was not
/// always enough: the match benchmark of 10 M sources at 1.5" ran 65, 66, 43, then 20 ns per alert while the JIT's
/// tiers and the index's huge pages settled.
/// </summary>
internal sealed class Warmup(int minimum = 2, int maximum = 6)
{
    private double? _previous;

    /// <summary>Warm-up runs so far.</summary>
    public int Runs { get; private set; }

    private bool _done;

    /// <summary>Takes one run's time; true when that run is measured (the warm-up was over before it).</summary>
    public bool Settled(double seconds)
    {
        if (_done) return true;
        Runs++;
        _done = Runs >= maximum || (Runs >= minimum && _previous is { } previous && seconds > 0.9 * previous);
        _previous = seconds;
        return false;
    }
}
