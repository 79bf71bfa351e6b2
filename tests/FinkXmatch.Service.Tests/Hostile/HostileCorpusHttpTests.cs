using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinkXmatch.Tests.Hostile;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Hostile;

/// <summary>
/// The hostile-input corpus against one real service process: every bad catalog (tests/Shared/Hostile) and every bad
/// request (<see cref="HostileRequests"/>) gets a 4xx problem+json whose detail names the problem. After each case the
/// process still answers /health, its peak resident memory stays under
/// <see cref="HostileCorpusFixture.MaxPeakResidentBytes"/>, nothing was written outside its data directory, and a
/// refused upload left nothing behind in it.
/// </summary>
public sealed class HostileCorpusHttpTests(HostileCorpusFixture fixture, ITestOutputHelper output) : IClassFixture<HostileCorpusFixture>
{
    private SandboxedSilo Silo => fixture.Silo;

    public static TheoryData<string> Files() => new(HostileCorpus.Names(HostileTargets.Http));

    public static TheoryData<string> Requests() => new(HostileRequests.Requests.Keys);

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_hostile_catalog_is_refused_with_a_problem_naming_it(string name)
    {
        var file = HostileCorpus.Files[name];
        var catalogsBefore = Silo.DataFiles("catalogs");
        var (status, body) = await fixture.UploadAsync(file.Content, file.FileName);
        string detail;
        if (file.Stage == HostileStage.Upload)
        {
            detail = AssertProblem(status, body, (HttpStatusCode)file.Status);
            Assert.Equal(catalogsBefore, Silo.DataFiles("catalogs"));
        }
        else
        {
            Assert.True(status == HttpStatusCode.Created, $"{name}: the upload should be accepted (values are checked by the crossmatch), got {(int)status}: {body}");
            var catalogId = JsonDocument.Parse(body).RootElement.GetProperty("catalogId").GetString();
            var columns = file.Selection;
            using var response = await Silo.Client.PostAsJsonAsync("/api/v1/xmatch", new
            {
                catalogId, raColumn = columns.Ra, decColumn = columns.Dec, idColumn = columns.Id, coordinates = columns.Coordinates, radiusArcsec = 2.0,
            });
            detail = AssertProblem(response.StatusCode, await response.Content.ReadAsStringAsync(), (HttpStatusCode)file.Status);
        }
        output.WriteLine(detail);
        foreach (var mention in file.Mentions) Assert.Contains(mention, detail, StringComparison.Ordinal);
        await AssertServiceUnharmedAsync();
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_hostile_request_is_refused_with_a_problem_naming_it(string name)
    {
        var hostile = HostileRequests.Requests[name];
        var catalogsBefore = Silo.DataFiles("catalogs");
        using var request = hostile.Build(fixture.CatalogId);
        using var response = await Silo.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var detail = AssertProblem(response.StatusCode, body, hostile.Status);
        output.WriteLine(detail);
        foreach (var mention in hostile.Mentions) Assert.Contains(mention, detail, StringComparison.Ordinal);
        if (hostile.Limit is not null)
            Assert.Equal(hostile.Limit, JsonDocument.Parse(body).RootElement.GetProperty("limit").GetString());
        Assert.Equal(catalogsBefore, Silo.DataFiles("catalogs"));
        await AssertServiceUnharmedAsync();
    }

    [Fact]
    public void The_http_corpus_has_at_least_150_cases()
    {
        var count = HostileCorpus.Names(HostileTargets.Http).Count() + HostileRequests.Requests.Count;
        Assert.True(count >= 150, $"only {count} cases");
    }

    private static string AssertProblem(HttpStatusCode status, string body, HttpStatusCode expected)
    {
        Assert.True(status == expected, $"expected {(int)expected}, got {(int)status}: {body}");
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        var detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        Assert.False(string.IsNullOrWhiteSpace(detail), $"a problem without detail: {body}");
        Assert.True(detail.Length < 1000, $"a detail of {detail.Length} characters is not one readable line");
        Assert.DoesNotContain("   at ", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", detail, StringComparison.Ordinal);
        return detail;
    }

    // Up, bounded, and tidy: the process answers, its peak memory is under the bound, and it wrote nothing outside its
    // data directory nor left a partial upload in it.
    private async Task AssertServiceUnharmedAsync()
    {
        using (var health = await Silo.Client.GetAsync("/health"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var peak = Silo.PeakResidentBytes();
        output.WriteLine($"peak resident memory so far: {peak >> 20} MiB (at start {fixture.PeakAtStart >> 20} MiB)");
        Assert.True(peak < HostileCorpusFixture.MaxPeakResidentBytes,
            $"peak resident memory {peak >> 20} MiB (at start {fixture.PeakAtStart >> 20} MiB) is over {HostileCorpusFixture.MaxPeakResidentBytes >> 20} MiB");
        Assert.Equal(fixture.EntriesOutsideDataAtStart, Silo.EntriesOutsideData());
        Assert.Empty(Silo.DataFiles("uploads"));
    }
}
