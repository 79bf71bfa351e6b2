using FinkXmatch.Grains.Users;
using Parquet;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// The web page with sign-in on: not signed in, a wrong token refused next to the box, the right one pasted, who is
/// signed in shown, a catalog uploaded and a crossmatch run and downloaded with the token, still signed in after a
/// reload, signed out; the token never in the page's text or address (tests/web/e2e.mjs, step <c>signin</c>).
/// </summary>
public sealed class SignInBrowserTests(SignInWebFixture service, ITestOutputHelper output) : IClassFixture<SignInWebFixture>
{
    [Fact]
    public async Task The_page_signs_in_with_a_token_shows_who_and_runs_a_job_with_it()
    {
        var artifacts = await BrowserRun.RunAsync(service.BaseAddress, "signin", output,
            "--token", service.Token, "--bad-token", ApiToken.New(), "--user", SignInWebFixture.User);
        await using var results = await ParquetReader.CreateAsync(Path.Combine(artifacts, "signin-results.parquet"));
        Assert.True(Enumerable.Range(0, results.RowGroupCount).Sum(g => results.RowGroups[g].RowCount) > 0, "the downloaded results hold no row");
    }

    [Fact]
    public async Task The_cone_search_box_asks_to_sign_in_then_searches_with_the_token() =>
        await BrowserRun.RunAsync(service.BaseAddress, "cone", output,
            ["--token", service.Token, "--user", SignInWebFixture.User, .. await ConeSearchStep.ArgumentsAsync(service.Datalake)]);
}
