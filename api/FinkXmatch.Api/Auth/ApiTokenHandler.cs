using System.Text.Encodings.Web;
using FinkXmatch.Grains.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Auth;

/// <summary>
/// <see cref="AuthMode.Tokens"/>: the bearer token's SHA-256 hash is looked up in the <see cref="IUserRegistryGrain"/>
/// on every request, so a revoked token stops working at once. The token itself is never logged nor kept.
/// </summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IGrainFactory grains) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (token, problem) = BearerHeader.Read(Request);
        if (problem is not null) return AuthenticateResult.Fail(problem);
        if (token is null) return AuthenticateResult.NoResult();
        if (!ApiToken.IsWellFormed(token)) return AuthenticateResult.Fail("the bearer token is not a FinkXmatch API token (fxm_...)");
        var user = await grains.GetGrain<IUserRegistryGrain>(IUserRegistryGrain.ClusterKey).FindByTokenHashAsync(ApiToken.Hash(token));
        if (user is null) return AuthenticateResult.Fail("the API token is unknown or revoked: ask an operator for one (finkxmatch users add)");
        return AuthenticateResult.Success(new AuthenticationTicket(Caller.Principal(user.Name, user.IsOperator, SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await AuthProblems.WriteUnauthorizedAsync(Context, result.Failure?.Message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.WriteForbiddenAsync(Context);
}
