namespace FinkXmatch.Api.Catalogs;

/// <summary>
/// The client's file name reduced to something safe to show and to pick a reader by: its last path segment,
/// without control characters, at most 200 characters. It is never used as a path: stored files are named by id.
/// </summary>
public static class UploadFileName
{
    private const int MaxLength = 200;
    private const string Fallback = "catalog";

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
}
