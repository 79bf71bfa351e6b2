using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Auth;

/// <summary>
/// Authentication and authorization for every <see cref="AuthMode"/>: one scheme per mode behind a selector that
/// forwards to the configured one, a fallback policy that requires a user on every endpoint (<c>/health</c> and the
/// static page opt out), and <see cref="OperatorPolicy"/> for the dashboard, <c>/operator/*</c> and user management.
/// </summary>
public static class AuthServiceCollectionExtensions
{
    public const string OperatorPolicy = "operator";
    private const string SelectorScheme = "finkxmatch";

    public static IServiceCollection AddFinkXmatchAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, OidcBearerSetup>();
        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, null, o => o.ForwardDefaultSelector = http =>
                http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Mode switch
                {
                    AuthMode.Tokens => ApiTokenHandler.SchemeName,
                    AuthMode.Oidc => OidcBearerSetup.Scheme,
                    _ => LocalCallerHandler.SchemeName,
                })
            .AddScheme<AuthenticationSchemeOptions, LocalCallerHandler>(LocalCallerHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddJwtBearer(OidcBearerSetup.Scheme, _ => { });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(OperatorPolicy, p => p.RequireAuthenticatedUser().RequireClaim(Caller.OperatorClaim, "true"));
        return services;
    }
}
