namespace FinkXmatch.Service.Tests.Auth;

/// <summary>The environment of a process under an auth test, and what its audit log must hold.</summary>
internal static class AuthSettings
{
    /// <summary>
    /// <paramref name="settings"/> plus the audit category at Information and ASP.NET Core's authentication and
    /// authorization at Debug (the sandbox logs Warning and up), so that whatever they log about credentials is captured.
    /// </summary>
    public static Dictionary<string, string> With(Dictionary<string, string> settings)
    {
        settings["Logging__LogLevel__FinkXmatch.Audit"] = "Information";
        settings["Logging__LogLevel__Microsoft.AspNetCore.Authentication"] = "Debug";
        settings["Logging__LogLevel__Microsoft.AspNetCore.Authorization"] = "Debug";
        settings["Logging__LogLevel__Microsoft.IdentityModel"] = "Debug";
        settings["Logging__LogLevel__FinkXmatch.Api.Auth"] = "Debug";
        return settings;
    }

    /// <summary>The matrix's submits, downloads and cancels by <paramref name="user"/> and <paramref name="operatorName"/>.</summary>
    public static void AssertAudited(string output, string user, string operatorName)
    {
        Assert.Matches($@"audit submit by {user} on fxmatch_ztf_\d{{4}}-\d{{2}}-\d{{2}}_\d+: accepted, catalog cat-", output);
        Assert.Matches($@"audit download by {user} on fxmatch_ztf_", output);
        Assert.Matches($@"audit download by {operatorName} on fxmatch_ztf_", output);
        Assert.Matches($@"audit cancel by {user} on fxmatch_ztf_\S+: refused: already completed", output);
        // The scan for secrets covers the framework's own lines about refused credentials.
        Assert.Contains("was not authenticated. Failure message:", output, StringComparison.Ordinal);
    }
}
