namespace FinkXmatch.Core.Synthetic;

/// <summary>Small, fast, deterministic random generator (SplitMix64): same seed, same datalake, on any runtime.</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public static SplitMix64 For(int seed, params ReadOnlySpan<long> keys)
    {
        var mix = new SplitMix64((ulong)seed);
        var state = mix.NextUInt64();
        foreach (var key in keys) state = new SplitMix64(state ^ (ulong)key * 0x9E3779B97F4A7C15UL).NextUInt64();
        return new SplitMix64(state);
    }

    /// <summary>
    /// Deterministic noise in [0, 1) per (alert key, history index, field salt): cheap, and independent of the order in
    /// which the synthesizers write their columns.
    /// </summary>
    public static double Noise(long key, int k, int salt)
    {
        var x = (ulong)key * 0x9E3779B97F4A7C15UL ^ (ulong)(k + 2) * 0xC2B2AE3D27D4EB4FUL ^ (ulong)salt * 0x165667B19E3779F9UL;
        x ^= x >> 29; x *= 0xBF58476D1CE4E5B9UL; x ^= x >> 32;
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Next(double min, double max) => min + (max - min) * NextDouble();

    public float Next(float min, float max) => (float)(min + (max - min) * NextDouble());

    /// <summary>Uniform in [0, n).</summary>
    public int Next(int n) => (int)((NextUInt64() >> 33) * (ulong)n >> 31);

    /// <summary>Standard normal (Box-Muller).</summary>
    public double NextGaussian() => Math.Sqrt(-2 * Math.Log(1 - NextDouble())) * Math.Cos(2 * Math.PI * NextDouble());

    public void NextBytes(Span<byte> bytes)
    {
        while (bytes.Length >= 8)
        {
            BitConverter.TryWriteBytes(bytes, NextUInt64());
            bytes = bytes[8..];
        }
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)NextUInt64();
    }
}
