namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Name rules for guessing catalog columns. Names are compared normalised (lower case, without <c>_ . ( ) [ ]</c>
/// and spaces) as a coordinate prefix followed only by known qualifiers (<c>deg</c>, <c>J2000</c>, <c>ICRS</c>...),
/// so that error and helper columns (<c>e_RA</c>, <c>RA_err</c>, <c>ra_error</c>, VizieR's <c>RAh</c>, <c>DEd</c>,
/// <c>DE-</c>) never qualify.
/// </summary>
internal static class ColumnNames
{
    private static readonly string[] RaPrefixes = ["rightascension", "ra", "alpha"];
    private static readonly string[] DecPrefixes = ["declination", "decl", "dec", "de", "delta"];

    // Prefixes that are also common words for other quantities (spectral index, magnitude difference).
    private static readonly string[] WeakPrefixes = ["alpha", "delta"];

    private static readonly string[] UnitTokens = ["degrees", "degree", "degs", "deg"];
    private static readonly string[] FrameTokens = ["icrs", "j2000", "2000", "fk5"];
    private static readonly string[] OtherTokens = ["sexagesimal", "sexa", "sex", "hms", "dms", "mean", "object", "obj", "epoch"];
    private static readonly string[] OldFrameTokens = ["b1950", "1950", "fk4"];

    private static readonly HashSet<string> IdNames = new(StringComparer.Ordinal)
    {
        "id", "name", "sourceid", "srcid", "objid", "objectid", "objname", "objectname", "sourcename",
        "designation", "identifier", "source", "object", "target", "targetname", "mainid",
    };

    private static readonly string[] StrongIdSuffixes =
        ["sourcename", "objname", "objectname", "designation", "sourceid", "objectid"];

    /// <summary>Lower case, without separators and brackets.</summary>
    public static string Normalise(string name)
    {
        Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        var n = 0;
        foreach (var c in name)
        {
            if (c is '_' or '.' or '(' or ')' or '[' or ']' || char.IsWhiteSpace(c)) continue;
            buffer[n++] = char.ToLowerInvariant(c);
        }
        return new string(buffer[..n]);
    }

    /// <summary>
    /// How well a normalised name reads as RA (or Dec): 0 best, higher worse, null when it is not one.
    /// <paramref name="qualifier"/> is what follows the prefix, to pair RA and Dec of the same frame.
    /// </summary>
    public static int? CoordinateRank(string normalised, bool isRa, out string qualifier)
    {
        int? best = null;
        qualifier = "";
        foreach (var prefix in isRa ? RaPrefixes : DecPrefixes)
        {
            if (!normalised.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = normalised[prefix.Length..];
            var tier = 0;
            if (!TryMatchQualifiers(rest, ref tier)) continue;
            var rank = tier * 2 + (WeakPrefixes.Contains(prefix) ? 1 : 0);
            if (best is null || rank < best)
            {
                best = rank;
                qualifier = rest;
            }
        }
        return best;
    }

    /// <summary>How well a column name reads as an identifier: 0 best, null when it does not.</summary>
    public static int? IdRank(string name)
    {
        var normalised = Normalise(name);
        if (IdNames.Contains(normalised)) return 0;
        foreach (var suffix in StrongIdSuffixes)
        {
            if (normalised.EndsWith(suffix, StringComparison.Ordinal)) return 1;
        }
        if (normalised.EndsWith("name", StringComparison.Ordinal)) return 2;
        // "Gaia_ID", "2MASS ID", "objId", but not "valid" or "grid".
        var trimmed = name.TrimEnd();
        if (trimmed.EndsWith("ID", StringComparison.Ordinal) || trimmed.EndsWith("Id", StringComparison.Ordinal)
            || trimmed.EndsWith("_id", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(" id", StringComparison.OrdinalIgnoreCase))
        {
            return 2;
        }
        return null;
    }

    /// <summary>True when <paramref name="rest"/> is a sequence of known qualifiers; raises the tier accordingly.</summary>
    private static bool TryMatchQualifiers(ReadOnlySpan<char> rest, ref int tier)
    {
        if (rest.IsEmpty) return true;
        return TryToken(rest, UnitTokens, 0, ref tier) || TryToken(rest, FrameTokens, 1, ref tier)
            || TryToken(rest, OtherTokens, 2, ref tier) || TryToken(rest, OldFrameTokens, 3, ref tier);
    }

    private static bool TryToken(ReadOnlySpan<char> rest, string[] tokens, int tokenTier, ref int tier)
    {
        foreach (var token in tokens)
        {
            if (!rest.StartsWith(token, StringComparison.Ordinal)) continue;
            var next = Math.Max(tier, tokenTier);
            if (!TryMatchQualifiers(rest[token.Length..], ref next)) continue;
            tier = next;
            return true;
        }
        return false;
    }
}
