using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FinkXmatch.Service.Tests.Auth;

/// <summary>
/// A minimal OpenID Connect provider on loopback, made by the test: an RSA signing key, the discovery document and the
/// JWKS that JwtBearer reads from the authority, and JWTs signed with that key (or, for hostile cases, with another key,
/// another issuer or audience, expired, or unsigned).
/// </summary>
internal sealed class TestOidcProvider : IAsyncDisposable
{
    public const string Audience = "finkxmatch";
    public const string OperatorRole = "finkxmatch-operator";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly RsaSecurityKey _otherKey = new(RSA.Create(2048)) { KeyId = "test-key" };

    private TestOidcProvider(WebApplication app, string authority)
    {
        _app = app;
        Authority = authority;
    }

    public string Authority { get; }

    public static async Task<TestOidcProvider> StartAsync()
    {
        var authority = $"http://127.0.0.1:{TestPorts.Free()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(authority);
        var app = builder.Build();
        var provider = new TestOidcProvider(app, authority);
        app.MapGet("/.well-known/openid-configuration", () => Results.Text(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = authority,
            ["jwks_uri"] = $"{authority}/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }), "application/json"));
        app.MapGet("/jwks", () => Results.Text(provider.Jwks(), "application/json"));
        await app.StartAsync();
        return provider;
    }

    /// <summary>A valid JWT for <paramref name="user"/> (sub), an operator when told.</summary>
    public string Token(string user, bool isOperator = false) => Sign(Descriptor(user, isOperator), _key);

    public string Expired(string user)
    {
        var descriptor = Descriptor(user, false);
        descriptor.IssuedAt = DateTime.UtcNow.AddHours(-2);
        descriptor.NotBefore = DateTime.UtcNow.AddHours(-2);
        descriptor.Expires = DateTime.UtcNow.AddHours(-1);
        return Sign(descriptor, _key);
    }

    /// <summary>Signed with a key the provider never published (same key id).</summary>
    public string WrongSignature(string user) => Sign(Descriptor(user, true), _otherKey);

    public string WrongIssuer(string user)
    {
        var descriptor = Descriptor(user, true);
        descriptor.Issuer = "http://127.0.0.1:1/evil";
        return Sign(descriptor, _key);
    }

    public string WrongAudience(string user)
    {
        var descriptor = Descriptor(user, true);
        descriptor.Audience = "another-service";
        return Sign(descriptor, _key);
    }

    /// <summary><c>alg: none</c>: the header and claims of an operator's token, no signature.</summary>
    public string Unsigned(string user)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"{Part("""{"alg":"none","typ":"JWT"}""")}.{Part($$"""{"iss":"{{Authority}}","aud":"{{Audience}}","sub":"{{user}}","roles":["{{OperatorRole}}"],"iat":{{now}},"nbf":{{now}},"exp":{{now + 600}}}""")}.";
    }

    /// <summary>A token whose signature bytes were altered after signing.</summary>
    public string Tampered(string user)
    {
        var token = Token(user);
        var lastDot = token.LastIndexOf('.');
        var signature = token[(lastDot + 1)..].ToCharArray();
        signature[5] = signature[5] == 'A' ? 'B' : 'A';
        return token[..(lastDot + 1)] + new string(signature);
    }

    private SecurityTokenDescriptor Descriptor(string user, bool isOperator)
    {
        var claims = new List<Claim> { new("sub", user) };
        if (isOperator) claims.Add(new Claim("roles", OperatorRole));
        return new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow,
            Expires = DateTime.UtcNow.AddMinutes(10),
        };
    }

    private static string Sign(SecurityTokenDescriptor descriptor, RsaSecurityKey key)
    {
        descriptor.SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private string Jwks()
    {
        var parameters = _key.Rsa.ExportParameters(false);
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = _key.KeyId!,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
        _otherKey.Rsa.Dispose();
    }
}
