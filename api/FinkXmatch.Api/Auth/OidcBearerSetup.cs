using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FinkXmatch.Api.Auth;

/// <summary>
/// <see cref="AuthMode.Oidc"/>: JwtBearer set from <see cref="OidcOptions"/>: keys and issuer from the authority's
/// discovery document, the audience checked, signed tokens only (no <c>alg: none</c>), the user from
/// <see cref="OidcOptions.UserClaim"/>, operators marked from <see cref="OidcOptions.OperatorClaim"/>.
/// </summary>
public sealed class OidcBearerSetup(IOptions<AuthOptions> auth) : IConfigureNamedOptions<JwtBearerOptions>
{
    public const string Scheme = "oidc";

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != Scheme) return;
        var oidc = auth.Value.Oidc;
        options.Authority = oidc.Authority;
        options.Audience = oidc.Audience;
        options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidAudience = oidc.Audience,
            ValidateLifetime = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            NameClaimType = oidc.UserClaim,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var identity = context.Principal?.Identity as System.Security.Claims.ClaimsIdentity;
                if (identity is null || string.IsNullOrEmpty(identity.Name))
                {
                    context.Fail($"the JWT has no '{oidc.UserClaim}' claim naming the user");
                    return Task.CompletedTask;
                }
                if (identity.HasClaim(oidc.OperatorClaim, oidc.OperatorClaimValue)) identity.AddClaim(new(Caller.OperatorClaim, "true"));
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                await AuthProblems.WriteUnauthorizedAsync(context.HttpContext, Why(context.AuthenticateFailure, oidc));
            },
            OnForbidden = context => AuthProblems.WriteForbiddenAsync(context.HttpContext),
        };
    }

    // Our words for why a JWT was refused: the library's messages may quote the token's claims.
    private static string? Why(Exception? failure, OidcOptions oidc) => failure switch
    {
        null => null,
        SecurityTokenExpiredException => "the JWT has expired: sign in again",
        SecurityTokenNotYetValidException => "the JWT is not valid yet",
        SecurityTokenInvalidAudienceException => $"the JWT is not for this service (audience must be '{oidc.Audience}')",
        SecurityTokenInvalidIssuerException => $"the JWT was not issued by {oidc.Authority}",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the JWT's signature is not the provider's",
        SecurityTokenMalformedException or ArgumentException => "the bearer token is not a JWT",
        // Ours, from OnTokenValidated.
        AuthenticationFailureException => failure.Message,
        _ => "the JWT was not accepted",
    };
}
