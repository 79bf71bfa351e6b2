using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Synthetic;
using FinkXmatch.Service.Tests.Durable;
using Xunit.Abstractions;

namespace FinkXmatch.Service.Tests.Faults;

/// <summary>
/// The data directory's disk fills up under a real silo process (a small private tmpfs, see <see cref="PrivateTmpfs"/>):
/// an upload answers 507 problem+json naming the full directory and leaves no partial file; a job whose results
/// cannot be written fails saying so, leaving no part file; the service stays up, and works again once space is freed.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    private const long DiskBytes = 4L << 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_full_data_directory_answers_507_to_uploads_fails_jobs_clearly_and_the_service_stays_up()
    {
        using var root = new TempDirectory();
        var data = Path.Combine(root.Path, "data");
        var datalake = Path.Combine(root.Path, "datalake");
        Directory.CreateDirectory(data);
        await WriteDatalakeAsync(datalake);
        await using var silo = await FaultSilo.StartAsync(data, datalake, "embedded", new Dictionary<string, string>(),
            PrivateTmpfs.Launcher(data, DiskBytes));
        var inside = PrivateTmpfs.Inside(silo.Id, data);
        Assert.False(File.Exists(Path.Combine(data, "uploads")) || Directory.Exists(Path.Combine(data, "uploads")),
            "the silo's data directory should be its private tmpfs, not the directory seen from here");

        var catalogId = await JobHttp.UploadAsync(silo, TestData.Path("catalogs/3hsp.csv"));
        var filled = Fill(Path.Combine(inside, "filler"));
        output.WriteLine($"filled the {DiskBytes >> 20} MiB disk with {filled:N0} bytes");

        // Upload: 507, naming the directory; nothing of it left behind.
        using (var upload = await UploadAsync(silo))
        {
            var detail = await ProblemAssert.IsProblemAsync(upload, HttpStatusCode.InsufficientStorage);
            output.WriteLine(detail);
            Assert.Contains($"the data directory {data} is full", detail, StringComparison.Ordinal);
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(inside, "uploads")));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(inside, "catalogs")));

        // A job: its night results cannot be written; it fails saying so and leaves no part file.
        var jobId = await JobHttp.SubmitAsync(silo, Request(catalogId));
        var failed = await JobHttp.WaitForFinishAsync(silo, jobId, Patience);
        var error = JsonNode.Parse(failed.Json)!["error"]!.GetValue<string>();
        output.WriteLine(error);
        Assert.Equal("failed", failed.Status);
        Assert.Matches(@"^night 2025-07-0\d failed 3 times: the data directory is full: the results of night 2025-07-0\d could not be written to ", error);
        Assert.Empty(Directory.EnumerateFiles(inside, "*.part", SearchOption.AllDirectories));
        await FaultSilo.AssertHealthyAsync(silo);

        // Space freed: the same job completes.
        File.Delete(Path.Combine(inside, "filler"));
        var again = await JobHttp.SubmitAsync(silo, Request(catalogId));
        var completed = await JobHttp.WaitForFinishAsync(silo, again, Patience);
        Assert.True(completed is { Status: "completed", Matches: > 0 }, completed.Json);
    }

    // Writes until the disk refuses; answers the bytes written.
    private static long Fill(string path)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        var chunk = new byte[4096];
        long written = 0;
        try
        {
            while (true)
            {
                file.Write(chunk);
                written += chunk.Length;
            }
        }
        catch (IOException e) when (Core.Storage.DiskFull.Is(e))
        {
            return written;
        }
    }

    private static async Task<HttpResponseMessage> UploadAsync(SiloProcess silo)
    {
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(TestData.Path("catalogs/3hsp.csv")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await silo.Client.PostAsync("/api/v1/catalogs", new MultipartFormDataContent { { file, "file", "3hsp.csv" } });
    }

    private static object Request(string catalogId) => new
    {
        catalogId, raColumn = "R.A.", decColumn = "Dec", idColumn = "id", radiusArcsec = 2.0, startNight = "2025-07-01", stopNight = "2025-07-02",
    };

    private static async Task WriteDatalakeAsync(string root)
    {
        var generator = new DatalakeGenerator(new DatalakeGeneratorOptions(root, new DateOnly(2025, 7, 1), 2, 300, CutoutBytes: 0, MaxHistory: 0));
        using (var reader = CatalogReaders.Open(TestData.Path("catalogs/3hsp.csv")))
        {
            var hsp = CatalogLoader.Load(reader, new CatalogSelection("R.A.", "Dec", "id"));
            generator.Plant(Enumerable.Range(0, hsp.Count).Select(i => (hsp.RaDeg[i], hsp.DecDeg[i])).ToList(), 0.1, 1.0);
        }
        await generator.GenerateAsync();
    }
}
