namespace FinkXmatch.Core.Datalake;

/// <summary>Near-miss suggestions for a mistyped field path (case slips, missing parent, small typos).</summary>
internal static class FieldSuggestions
{
    public static IReadOnlyList<string> Nearest(string wanted, IEnumerable<string> known, int max = 3)
    {
        if (wanted.Length == 0) return [];
        var lastSegment = wanted[(wanted.LastIndexOf('.') + 1)..];
        return known
            .Select(path => (path, score: Score(wanted, lastSegment, path)))
            .Where(c => c.score <= Math.Max(2, wanted.Length / 3))
            .OrderBy(c => c.score).ThenBy(c => c.path.Length).ThenBy(c => c.path, StringComparer.Ordinal)
            .Take(max)
            .Select(c => c.path)
            .ToArray();
    }

    private static int Score(string wanted, string lastSegment, string path)
    {
        if (string.Equals(wanted, path, StringComparison.OrdinalIgnoreCase)) return 0;
        var name = path[(path.LastIndexOf('.') + 1)..];
        // "magpsf" for "candidate.magpsf": the right leaf without its parent.
        if (string.Equals(lastSegment, name, StringComparison.OrdinalIgnoreCase)) return 1;
        return Levenshtein(wanted.ToLowerInvariant(), path.ToLowerInvariant());
    }

    private static int Levenshtein(string a, string b)
    {
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            current.CopyTo(previous);
        }
        return previous[b.Length];
    }
}
