using Parquet.Schema;

using FinkXmatch.Core.Datalake;

namespace FinkXmatch.Core.Synthetic;

/// <summary>The plausible value of each alert field, per alert and history entry.</summary>
internal sealed partial class AlertRowGroupSynthesizer
{
    /// <summary>Per-leaf value functions of (alert row, history index or -1).</summary>
    private readonly struct LeafValues(AlertRowGroupSynthesizer s, DataField leaf)
    {
        private string Name => leaf.Name;

        private double Epoch(int row, int k) => k < 0 ? s._jd[row] : s._jd[row] - (k + 1) * 1.5 - s.Noise(row, k, 1) * 0.3;

        public double Double(int row, int k) => Name switch
        {
            "jd" => Epoch(row, k),
            "ra" => s._ra[row] + (k < 0 ? 0 : (s.Noise(row, k, 2) - 0.5) * 1e-4),
            "dec" => s._dec[row] + (k < 0 ? 0 : (s.Noise(row, k, 3) - 0.5) * 1e-4),
            "ranr" => s._ra[row] + (s.Noise(row, k, 4) - 0.5) * 2e-4,
            "decnr" => s._dec[row] + (s.Noise(row, k, 5) - 0.5) * 2e-4,
            "jdstarthist" => s._jd[row] - 30 - s.Noise(row, k, 6) * 300,
            "jdendhist" => s._jd[row],
            "jdstartref" => 2458000.5 + s.Noise(row, k, 7) * 200,
            "jdendref" => 2458300.5 + s.Noise(row, k, 8) * 200,
            "scorr" => 5 + s.Noise(row, k, 9) * 40,
            "mulens" => 0.0,
            _ => s.Noise(row, k, 10),   // classifier scores in [0, 1)
        };

        public float Float(int row, int k) => Name switch
        {
            "magpsf" => s._mag[row] + (k < 0 ? 0 : (float)(s.Noise(row, k, 11) - 0.5)),
            "sigmapsf" => 0.02f + (float)s.Noise(row, k, 12) * 0.18f,
            "diffmaglim" => 19.5f + (float)s.Noise(row, k, 13) * 1.5f,
            "magap" or "magapbig" or "magnr" => s._mag[row] + (float)(s.Noise(row, k, 14) - 0.5),
            "magzpsci" => 26f + (float)s.Noise(row, k, 15),
            "xpos" or "ypos" => (float)s.Noise(row, k, 16) * 3072f,
            "fwhm" => 1.5f + (float)s.Noise(row, k, 17) * 3f,
            "exptime" => 30f,
            "distnr" or "distpsnr1" or "distpsnr2" or "distpsnr3" or "ssdistnr" => (float)s.Noise(row, k, 18) * 30f,
            "sgmag1" or "srmag1" or "simag1" or "szmag1" or "sgmag2" or "srmag2" or "simag2" or "szmag2" or "sgmag3" or "srmag3"
                or "simag3" or "szmag3" or "ssmagnr" or "maggaia" or "maggaiabright" => 14f + (float)s.Noise(row, k, 19) * 8f,
            _ => (float)s.Noise(row, k, 20),
        };

        public int Int(int row, int k) => Name switch
        {
            "fid" => s._fid[row],
            "programid" => 1,
            "rcid" => (int)(s.Noise(row, k, 21) * 64),
            "field" => 200 + (int)(s.Noise(row, k, 22) * 1700),
            "nid" => s._night.DayNumber - 736000,
            "ndethist" or "nalerthist" => 1 + (int)(s.Noise(row, 0, 23) * 40),
            "ncovhist" => 40 + (int)(s.Noise(row, 0, 24) * 400),
            "roid" => 0,
            _ => (int)(s.Noise(row, k, 25) * 10),
        };

        public long Long(int row, int k) => Name switch
        {
            "candid" => k < 0 ? s._candid[row] : s._candid[row] - (k + 1) * 1_000_000_000L * 2,
            "pid" => (s._night.DayNumber - (k + 1) * 2) * 100_000L + (long)(s.Noise(row, k, 26) * 64),
            _ => (long)(s.Noise(row, k, 27) * 1e17),
        };

        public DateTime Time(int row, int k) =>
            DateTime.SpecifyKind(DateTime.FromOADate(s._jd[row] - 2415018.5), DateTimeKind.Utc);

        public ReadOnlyMemory<char> String(int row, int k) => (leaf.Path.ToString(), Name) switch
        {
            ("objectId", _) => s._objectId[row],
            ("schemavsn", _) => "3.3".AsMemory(),
            ("publisher", _) => "Fink".AsMemory(),
            ("cdsxmatch", _) => (s.Noise(row, k, 28) < 0.8 ? "Unknown" : "Star").AsMemory(),
            ("fink_broker_version", _) => "1.3".AsMemory(),
            ("fink_science_version", _) => "0.4.8".AsMemory(),
            ("tracklet", _) => "TRCK_20200101_000000".AsMemory(),
            (_, "isdiffpos") => (s.Noise(row, k, 29) < 0.7 ? "t" : "f").AsMemory(),
            (_, "ssnamenr") => "null".AsMemory(),
            (_, "programpi") => "Kulkarni".AsMemory(),
            (_, "rbversion") => "t17_f5_c3".AsMemory(),
            (_, "drbversion") => "d6_m7".AsMemory(),
            (_, "pdiffimfilename") => $"ztf_{s._candid[row]}_{k}_scimrefdiffimg.fits.fz".AsMemory(),
            (var p, "fileName") => $"candid{s._candid[row]}_{(p.StartsWith("cutoutScience", StringComparison.Ordinal) ? "sci" : p.StartsWith("cutoutTemplate", StringComparison.Ordinal) ? "ref" : "diff")}.fits.gz".AsMemory(),
            _ => "".AsMemory(),
        };

        public ReadOnlyMemory<byte> Bytes(int row, int k) => s.Stamp();
    }

    private double Noise(int row, int k, int salt) => SplitMix64.Noise(_candid[row], k, salt);

    /// <summary>A gzip-looking stamp: random (incompressible, like real gzipped FITS) slices of a shared pool.</summary>
    private ReadOnlyMemory<byte> Stamp()
    {
        var size = options.CutoutBytes == 0 ? 16 : options.CutoutBytes;
        if (_stampPool.Length < size * 64)
        {
            _stampPool = new byte[size * 64];
            _random.NextBytes(_stampPool);
        }
        var start = _random.Next(_stampPool.Length - size + 1);
        var stamp = new byte[size];     // the writer may keep the values until the page is flushed
        _stampPool.AsSpan(start, size).CopyTo(stamp);
        stamp[0] = 0x1f;
        stamp[1] = 0x8b;
        return stamp;
    }
}
