using System.Security.Cryptography;

namespace FinkXmatch.Api.Catalogs;

/// <summary>Catalog ids: <c>cat-</c> and 20 random lower-case hex digits, safe as a file name and in a URL.</summary>
public static class CatalogIds
{
    private const string Prefix = "cat-";
    private const int HexDigits = 20;

    public static string New() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(HexDigits / 2));

    /// <summary>True for a string shaped like an id (so that arbitrary text never activates a grain).</summary>
    public static bool IsWellFormed(string id) =>
        id.Length == Prefix.Length + HexDigits
        && id.StartsWith(Prefix, StringComparison.Ordinal)
        && id.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef") is false;
}
