using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Matching;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.SkyIndex;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.Tests.Xmatch;

/// <summary>Runs the engine as the CLI does: plan, <see cref="LocalXmatchRunner"/>, <see cref="ResultParquetWriter"/> to a file.</summary>
internal static class EngineRun
{
    public static async Task<(XmatchPlan Plan, XmatchSummary Summary)> ToFileAsync(string datalakeRoot, SourceCatalog catalog,
        XmatchOptions options, string resultPath, SkyIndexStore? skyIndex = null)
    {
        var plan = await XmatchPlan.CreateAsync(datalakeRoot, options, catalog.IdColumn);
        XmatchSummary summary;
        await using (var writer = new ResultParquetWriter(plan.Result.Schema, File.Create(resultPath)))
            summary = await LocalXmatchRunner.RunAsync(plan, catalog, (rows, ct) => new ValueTask(writer.WriteAsync(rows, ct)), parallelism: 2,
                skyIndex: skyIndex);
        return (plan, summary);
    }

    public static XmatchOptions Options(double radiusArcsec, MatchMode mode) =>
        new(radiusArcsec, mode, Fields: ["candidate.magpsf", "candidate.jd"]);
}
