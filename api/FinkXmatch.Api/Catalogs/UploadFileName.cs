using System.Globalization;
using System.Text;
using FinkXmatch.Api.Problems;

namespace FinkXmatch.Api.Catalogs;

/// <summary>
/// The client's file name reduced to something safe to show and to pick a reader by: its last path segment,
/// without control characters, at most 200 characters. It is never used as a path: stored files are named by id.
/// <see cref="Check"/> refuses names that no browser sends (control characters, <c>..</c> segments) before that.
/// </summary>
public static class UploadFileName
{
    private const int MaxLength = 200;
    private const string Fallback = "catalog";

    /// <summary>
    /// Refuses a name holding control characters or a <c>..</c> path segment: only a hand-made request sends one, and
    /// saying so beats silently storing something else. A plain path (<c>C:\x\cat.csv</c>, <c>dir/cat.csv</c>) is fine.
    /// </summary>
    /// <exception cref="ApiProblem">400 naming the character or the segment.</exception>
    public static void Check(string? clientName)
    {
        if (string.IsNullOrEmpty(clientName)) return;
        var control = clientName.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (control < 0) control = clientName.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        if (control >= 0)
        {
            throw ApiProblem.BadRequest(
                $"the file name '{Printable(clientName)}' contains the control character U+{((int)clientName[control]).ToString("X4", CultureInfo.InvariantCulture)}: send the catalog under a plain name such as catalog.csv");
        }
        if (clientName.Split('/', '\\').Any(segment => segment.Trim() == ".."))
        {
            throw ApiProblem.BadRequest(
                $"the file name '{Printable(clientName)}' contains a '..' path segment: send the catalog under a plain name such as catalog.csv");
        }
    }

    public static string Clean(string? clientName)
    {
        var name = clientName ?? "";
        // Browsers and scripts may send a whole path, with either separator.
        var slash = name.LastIndexOfAny(['/', '\\']);
        if (slash >= 0) name = name[(slash + 1)..];
        name = string.Concat(name.Where(c => !char.IsControl(c))).Trim();
        if (name.Length == 0 || name.All(c => c == '.')) return Fallback;
        if (name.Length > MaxLength)
        {
            var extension = Path.GetExtension(name);
            if (extension.Length > 16) extension = "";
            name = name[..(MaxLength - extension.Length)] + extension;
        }
        return name;
    }

    // The name as a message can show it: control characters as \uXXXX, cut to a readable length.
    private static string Printable(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name.Length > MaxLength ? name[..MaxLength] : name)
        {
            if (char.IsControl(c)) text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else text.Append(c);
        }
        return text.ToString();
    }
}
