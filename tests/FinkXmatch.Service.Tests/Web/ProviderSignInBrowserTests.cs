using FinkXmatch.Grains.Jobs;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// The page's own sign-in at an OpenID Connect provider (authorization code flow with PKCE, tests/web/e2e.mjs step
/// <c>oidc</c>) against a provider the test runs: signed in, the user's name shown, a job submitted from the page that
/// the service records as that user's, signed out. The provider saw one token request, with a PKCE verifier.
/// </summary>
public sealed class ProviderSignInBrowserTests(ProviderSignInWebFixture service, ITestOutputHelper output) : IClassFixture<ProviderSignInWebFixture>
{
    [Fact]
    public async Task The_page_signs_in_at_the_provider_and_runs_a_job_as_its_user()
    {
        var artifacts = await BrowserRun.RunAsync(service.BaseAddress, "oidc", output, "--user", ProviderSignInWebFixture.User);
        output.WriteLine(service.Provider.Output);

        var jobId = (await File.ReadAllTextAsync(Path.Combine(artifacts, "oidc-job.txt"))).Trim();
        var request = await service.Grains.GetGrain<IXmatchJobGrain>(jobId).GetRequestAsync();
        Assert.Equal(ProviderSignInWebFixture.User, request?.Owner);
        var listed = await service.Grains.GetGrain<IUserJobsGrain>(ProviderSignInWebFixture.User).GetPageAsync(0, 10);
        Assert.Equal([jobId], listed.JobIds);

        var provider = service.Provider.Output;
        Assert.Contains($"[oidc] token: issued to {ProviderSignInWebFixture.User} for client {ProviderSignInWebFixture.ClientId} with a PKCE verifier", provider, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", provider, StringComparison.Ordinal);
        Assert.Contains("PKCE S256", provider, StringComparison.Ordinal);
    }
}
