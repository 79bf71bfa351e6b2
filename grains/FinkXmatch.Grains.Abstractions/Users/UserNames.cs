namespace FinkXmatch.Grains.Users;

/// <summary>What a user name may be: 1 to 64 of letters, digits, <c>. _ @ -</c> (safe in logs, URLs and file names).</summary>
public static class UserNames
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-');

    public const string Rule = "1 to 64 letters, digits, '.', '_', '@' or '-'";
}
