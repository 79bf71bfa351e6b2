using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Auth;

/// <summary><see cref="AuthMode.None"/>: every request is <see cref="Caller.Local"/>, as before users existed.</summary>
public sealed class LocalCallerHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "local";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
            Caller.Principal(Caller.Local.Name, Caller.Local.IsOperator, SchemeName), SchemeName)));
}
