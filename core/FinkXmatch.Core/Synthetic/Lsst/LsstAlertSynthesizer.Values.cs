using Parquet;
using Parquet.Schema;

using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Datalake.Lsst;

namespace FinkXmatch.Core.Synthetic.Lsst;

/// <summary>The plausible value of each Rubin alert field, per alert and entry, chosen once per leaf.</summary>
internal sealed partial class LsstAlertSynthesizer
{
    private readonly Dictionary<Type, object> _buffers = [];

    private LeafPlan Plan(Field top, DataField leaf)
    {
        var column = top.Name switch
        {
            "prvDiaSources" => Column.History,
            "prvDiaForcedSources" => Column.Forced,
            "diaObject" => Column.NotSolarSystem,
            "ssSource" or "mpc_orbits" or "MPCORB" => Column.SolarSystem,
            "lc_features" => Column.Features,
            "cutoutDifference" or "cutoutScience" or "cutoutTemplate" when options.CutoutBytes == 0 => Column.Absent,
            _ => Column.Present,
        };
        var entryLevel = top switch
        {
            ListField l => l.MaxDefinitionLevel,
            MapField m => m.Key.MaxDefinitionLevel,
            _ => 0,
        };
        var key = top is MapField map && ReferenceEquals(map.Key, leaf);
        return new LeafPlan(leaf, column, entryLevel, column == Column.Absent ? null : Values(leaf, top is ListField, key));
    }

    /// <param name="history">A leaf of a list entry: entry k is the alert's (k+1)-th earlier source.</param>
    /// <param name="key">The key of lc_features: the band name of the entry.</param>
    private ILeafValues? Values(DataField leaf, bool history, bool key)
    {
        var salt = Salt(leaf.Path.ToString());
        double N(int r, int k) => SplitMix64.Noise(_sourceId[r], k, salt);
        // Fluxes and other unnamed numbers: centred on zero, a thousand wide.
        double Spread(int r, int k) => (N(r, k) + SplitMix64.Noise(_sourceId[r], k, salt + 1) - 1) * 1000;
        bool Past(int k) => history && k >= 0;
        double Mjd(int r, int k) => Past(k) ? _mjd[r] - (k + 1) * 1.7 - N(r, k) : _mjd[r];
        var t = leaf.ClrType;
        if (t == typeof(double))
        {
            return Of<double>(leaf.Name switch
            {
                "ra" => (r, k) => _ra[r] + (Past(k) ? (N(r, k) - 0.5) * 4e-5 : 0),
                "dec" => (r, k) => _dec[r] + (Past(k) ? (N(r, k) - 0.5) * 4e-5 : 0),
                "midpointMjdTai" or "validityStartMjdTai" or "firstDiaSourceMjdTaiFink" => Mjd,
                "timeProcessedMjdTai" or "brokerIngestMjd" => (r, _) => _mjd[r] + 0.002,
                "timeWithdrawnMjdTai" when leaf.IsNullable => null,   // a source not withdrawn has no withdrawal time
                _ => Spread,
            });
        }
        if (t == typeof(float))
        {
            return Of<float>(leaf.Name switch
            {
                "reliability" or "extendedness" => (r, k) => (float)N(r, k),
                "snr" => (r, k) => 5 + (float)N(r, k) * 95,
                "raErr" or "decErr" => (r, k) => 1e-5f + (float)N(r, k) * 4e-5f,
                _ => (r, k) => (float)Spread(r, k),
            });
        }
        if (t == typeof(int)) return Of<int>(leaf.Name == "detector" ? (r, k) => (int)(N(r, k) * 189) : (r, k) => (int)(N(r, k) * 100));
        if (t == typeof(long))
        {
            return Of<long>(leaf.Name switch
            {
                "diaSourceId" => (r, k) => Past(k) ? _sourceId[r] - (k + 1) * 7_919 : _sourceId[r],
                "diaForcedSourceId" => (r, k) => _sourceId[r] + 500_000_000_000_000L + k,
                "diaObjectId" => (r, _) => _objectId[r],
                "ssObjectId" => (r, _) => _objectId[r] == 0 ? 21_000_000_000_000_000L + _sourceId[r] % 1_000_000_000_000L : 0L,
                "parentDiaSourceId" => (_, _) => 0L,
                "visit" => (r, k) => _visits + (long)(N(r, k) * 400),
                _ => (r, k) => (long)(N(r, k) * 1_000_000),
            });
        }
        if (t == typeof(bool)) return Of<bool>((_, _) => false);
        if (t == typeof(DateTime))
        {
            return Of<DateTime>(leaf.Name switch
            {
                "brokerStartProcessTimestamp" => (r, _) => Timestamp(_mjd[r] + 0.003),
                "brokerEndProcessTimestamp" => (r, _) => Timestamp(_mjd[r] + 0.004),
                _ => (_, _) => Timestamp(60000),
            });
        }
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
        {
            var constant = leaf.Name switch
            {
                "lsst_schema_version" => _schemaVersion,
                "fink_broker_version" => "4.1",
                "fink_science_version" => "8.35.1",
                "publisher" => "Fink",
                "observation_reason" => "wfd",
                "target_name" => "lowdust",
                _ => leaf.IsNullable ? null : "",   // other texts: null where allowed
            };
            if (key) return Of<ReadOnlyMemory<char>>((_, k) => Bands[k].AsMemory());
            if (leaf.Name == "band") return Of<ReadOnlyMemory<char>>((r, k) => Bands[Past(k) ? (int)(N(r, k) * Bands.Length) : _band[r]].AsMemory());
            return constant is null ? null : Of<ReadOnlyMemory<char>>((_, _) => constant.AsMemory());
        }
        if (t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>))
            return Of<ReadOnlyMemory<byte>>(leaf.Name.StartsWith("cutout", StringComparison.Ordinal) ? (_, _) => Cutout() : (_, _) => ReadOnlyMemory<byte>.Empty);
        throw new NotSupportedException($"no synthetic values for {leaf.Path} ({t.Name})");
    }

    private LeafValues<T>? Of<T>(Func<int, int, T>? value) where T : struct
    {
        if (value is null) return null;
        if (!_buffers.TryGetValue(typeof(T), out var buffer)) _buffers[typeof(T)] = buffer = new Buffer<T>();
        return new LeafValues<T>(value, (Buffer<T>)buffer);
    }

    // FNV-1a of the leaf's path: a salt that does not change between runs (string.GetHashCode does).
    private static int Salt(string path)
    {
        var h = 2166136261u;
        foreach (var c in path) h = (h ^ c) * 16777619u;
        return (int)(h & 0x3fffffff);
    }

    private static DateTime Timestamp(double mjd) => DateTime.UnixEpoch.AddDays(mjd - 40587);

    private byte[] _stampPool = [];

    /// <summary>A cutout as Rubin sends it: a bare FITS file (a header block, then pixel bytes) of CutoutBytes.</summary>
    private ReadOnlyMemory<byte> Cutout()
    {
        var size = Math.Max(options.CutoutBytes, 80);
        if (_stampPool.Length < size * 64)
        {
            _stampPool = new byte[size * 64];
            _random.NextBytes(_stampPool);
        }
        var bytes = new byte[size];     // the writer may keep the values until the page is flushed
        _stampPool.AsSpan(_random.Next(_stampPool.Length - size + 1), size).CopyTo(bytes);
        "SIMPLE  =                    T"u8.CopyTo(bytes);
        return bytes;
    }

    /// <summary>A leaf's values, written from the (alert, entry) of each defined slot.</summary>
    private interface ILeafValues
    {
        Task WriteAsync(LsstAlertSynthesizer s, ParquetRowGroupWriter group, DataField leaf, int dense, ReadOnlyMemory<int>? defs,
            ReadOnlyMemory<int>? reps, CancellationToken cancellationToken);
    }

    /// <summary>One value buffer per type, shared by the leaves of that type (written one after the other).</summary>
    private sealed class Buffer<T>
    {
        public T[] Items = [];
    }

    private sealed class LeafValues<T>(Func<int, int, T> value, Buffer<T> buffer) : ILeafValues where T : struct
    {
        public Task WriteAsync(LsstAlertSynthesizer s, ParquetRowGroupWriter group, DataField leaf, int dense, ReadOnlyMemory<int>? defs,
            ReadOnlyMemory<int>? reps, CancellationToken cancellationToken)
        {
            Grow(ref buffer.Items, Math.Max(dense, 1));
            var items = buffer.Items;
            for (var i = 0; i < dense; i++) items[i] = value(s._rows[i], s._entries[i]);
            return group.WriteAllPartsAsync<T>(leaf, items.AsMemory(0, dense), defs, reps, cancellationToken);
        }
    }
}
