using System.Security.Claims;

namespace FinkXmatch.Api.Auth;

/// <summary>
/// Who is calling, as every handler of the service sees it whatever <see cref="AuthMode"/> is: a user name (the owner
/// recorded on catalogs and jobs) and whether that user is an operator (sees everything).
/// </summary>
public sealed record Caller(string Name, bool IsOperator)
{
    /// <summary>The claim every scheme sets on an operator's identity (see <see cref="AuthServiceCollectionExtensions"/>).</summary>
    public const string OperatorClaim = "finkxmatch:operator";

    /// <summary>The user of <see cref="AuthMode.None"/>: the one local operator.</summary>
    public static readonly Caller Local = new("local", true);

    public static Caller? From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } name }) return null;
        return new Caller(name, user.HasClaim(OperatorClaim, "true"));
    }

    /// <summary>May this caller see something owned by <paramref name="owner"/>? (Things made before owners: operators only.)</summary>
    public bool Sees(string? owner) => IsOperator || string.Equals(owner, Name, StringComparison.Ordinal);

    /// <summary>An identity for <paramref name="name"/> made by <paramref name="scheme"/>.</summary>
    public static ClaimsPrincipal Principal(string name, bool isOperator, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        if (isOperator) claims.Add(new Claim(OperatorClaim, "true"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
