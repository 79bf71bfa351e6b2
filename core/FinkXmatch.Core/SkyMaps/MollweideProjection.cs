using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.SkyMaps;

/// <summary>
/// The Mollweide equal-area projection of the whole sky in equatorial coordinates, RA increasing to the LEFT
/// (the sky seen from inside). Map coordinates: X in [-2√2, 2√2], growing to the right (so RA grows towards
/// negative X), Y in [-√2, √2] with north up; the sky fills the ellipse X²/8 + Y²/2 ≤ 1.
/// </summary>
public sealed class MollweideProjection
{
    /// <summary>Half-width of the map ellipse (2√2).</summary>
    public static readonly double HalfWidth = 2 * Math.Sqrt(2);

    /// <summary>Half-height of the map ellipse (√2).</summary>
    public static readonly double HalfHeight = Math.Sqrt(2);

    private const double Deg = Math.PI / 180;

    /// <summary>Creates the projection with the given RA at the centre of the map (180° puts RA 0h on both edges).</summary>
    public MollweideProjection(double centreRaDeg = 180)
    {
        if (!double.IsFinite(centreRaDeg)) throw new ArgumentOutOfRangeException(nameof(centreRaDeg));
        CentreRaDeg = SkyLocation.WrapRa(centreRaDeg);
    }

    /// <summary>RA (degrees) on the central meridian.</summary>
    public double CentreRaDeg { get; }

    /// <summary>Longitude from the central meridian in [-180, 180), positive towards larger RA (to the left).</summary>
    public double OffsetFromCentre(double raDeg)
    {
        double lambda = (raDeg - CentreRaDeg) % 360;
        if (lambda < -180) lambda += 360;
        else if (lambda >= 180) lambda -= 360;
        return lambda;
    }

    /// <summary>Map coordinates of a position.</summary>
    public (double X, double Y) Forward(double raDeg, double decDeg) => ForwardOffset(OffsetFromCentre(raDeg), decDeg);

    /// <summary>Map coordinates from the offset to the central meridian (so ±180 reach the two edges).</summary>
    public static (double X, double Y) ForwardOffset(double lambdaDeg, double decDeg)
    {
        double theta = AuxiliaryAngle(decDeg * Deg);
        return (-HalfWidth / Math.PI * lambdaDeg * Deg * Math.Cos(theta), HalfHeight * Math.Sin(theta));
    }

    /// <summary>The position at map coordinates; false outside the ellipse.</summary>
    public bool TryInverse(double x, double y, out double raDeg, out double decDeg)
    {
        raDeg = decDeg = double.NaN;
        double u = x / HalfWidth, v = y / HalfHeight;
        if (!(u * u + v * v <= 1 + 1e-12)) return false;
        double theta = Math.Asin(Math.Clamp(v, -1, 1));
        double sinPhi = (2 * theta + Math.Sin(2 * theta)) / Math.PI;
        decDeg = Math.Asin(Math.Clamp(sinPhi, -1, 1)) / Deg;
        double cos = Math.Cos(theta);
        double lambda = cos < 1e-15 ? 0 : Math.Clamp(-Math.PI * x / (HalfWidth * cos), -Math.PI, Math.PI);
        raDeg = SkyLocation.WrapRa(CentreRaDeg + lambda / Deg);
        return true;
    }

    /// <summary>Solves 2θ + sin 2θ = π sin φ by Newton's method (θ = φ at the equator and the poles).</summary>
    private static double AuxiliaryAngle(double phi)
    {
        if (Math.Abs(phi) >= Math.PI / 2) return Math.CopySign(Math.PI / 2, phi);
        double target = Math.PI * Math.Sin(phi);
        double t = 2 * phi; // t = 2θ
        for (int i = 0; i < 60; i++)
        {
            double step = (t + Math.Sin(t) - target) / (1 + Math.Cos(t));
            if (!double.IsFinite(step)) break;
            t -= step;
            // Convergence is only linear near the poles, where 1 + cos t vanishes; the map there is a point anyway.
            if (Math.Abs(step) < 1e-13) break;
        }
        return Math.Clamp(t / 2, -Math.PI / 2, Math.PI / 2);
    }
}
