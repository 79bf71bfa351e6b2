using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FinkXmatch.Grains.Users;

/// <summary>
/// API tokens of <c>Auth:Mode=tokens</c>: <c>fxm_</c> and 256 random bits (base64url), made where the operator
/// runs <c>finkxmatch users add</c>; only their SHA-256 hash leaves that process, so the token is shown once and
/// stored nowhere.
/// </summary>
public static class ApiToken
{
    public const string Prefix = "fxm_";
    private const int RandomBytes = 32;

    public static string New() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>The stored form: lower-case hex SHA-256 of the token's UTF-8 bytes.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True for text shaped like a token (prefix, then base64url only), checked before any lookup.</summary>
    public static bool IsWellFormed(string token) =>
        token.Length == Prefix.Length + Base64Url.GetEncodedLength(RandomBytes)
        && token.StartsWith(Prefix, StringComparison.Ordinal)
        && Base64Url.IsValid(token.AsSpan(Prefix.Length));
}
