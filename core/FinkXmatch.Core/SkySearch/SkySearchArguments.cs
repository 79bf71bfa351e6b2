using System.Globalization;
using FinkXmatch.Core.Catalogs.Fits;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.Sky.Moc;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.SkySearch;

/// <summary>
/// The arguments of a cone search or region query, as Fink's API names them, parsed once for the HTTP API and the
/// command line (both hand them over as text): <c>ra</c>, <c>dec</c> (degrees, or sexagesimal as Fink reads them:
/// <c>12h55m17.218s</c>, <c>12:55:17.218</c>, <c>12 55 17.218</c>, <c>193d49m18.267s</c>), <c>radius</c> (arcseconds),
/// or <c>moc</c> (a MOC as JSON, or a FITS or JSON MOC file); <c>startdate</c> with <c>window</c> (days) or <c>stopdate</c>; <c>survey</c>;
/// <c>columns</c> (comma-separated field paths); <c>output-format</c> (json, csv, parquet, svg).
/// </summary>
public sealed record SkySearchArguments(SkyShape Shape, AlertTimeRange? Time, Survey? Survey, IReadOnlyList<string>? Columns, SkySearchFormat Format)
{
    /// <summary>The arguments a cone search takes.</summary>
    public static IReadOnlyList<string> ConeNames { get; } = ["ra", "dec", "radius", .. CommonNames];

    /// <summary>The arguments a region query takes.</summary>
    public static IReadOnlyList<string> RegionNames { get; } = ["moc", .. CommonNames];

    private static string[] CommonNames => ["startdate", "window", "stopdate", "survey", "columns", "output-format"];

    /// <summary>A cone search's arguments; <paramref name="get"/> gives an argument's text, or null when it is not given.</summary>
    /// <exception cref="SkySearchException">A missing or malformed argument, naming it.</exception>
    public static SkySearchArguments Cone(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        var ra = Required(get, "ra", "the centre's right ascension, degrees or sexagesimal");
        var dec = Required(get, "dec", "the centre's declination, degrees or sexagesimal");
        var radiusText = Required(get, "radius", "the radius in arcseconds, at most 18000");
        if (!CoordinateParser.TryParseRa(ra, CoordinateParser.Detect(ra), out var raDeg))
            throw new SkySearchException("ra", $"ra must be degrees (193.822) or sexagesimal (12h55m17.218s, 12:55:17.218, 12 55 17.218), got '{AlertTimeRange.Quote(ra)}'");
        if (!CoordinateParser.TryParseDec(dec, CoordinateParser.Detect(dec), out var decDeg))
            throw new SkySearchException("dec", $"dec must be degrees (2.89732) or sexagesimal (+02d53m50.35s, 02:53:50.35, +02 53 50.35), got '{AlertTimeRange.Quote(dec)}'");
        if (!double.TryParse(radiusText, NumberStyles.Float, CultureInfo.InvariantCulture, out var radius))
            throw new SkySearchException("radius", $"radius must be a number of arcseconds, got '{AlertTimeRange.Quote(radiusText)}'");
        return Common(get, new ConeShape(raDeg, decDeg, radius));
    }

    /// <summary>A region query's arguments, the MOC as JSON text (IVOA MOC JSON: <c>{"order": [pixel, ...]}</c>).</summary>
    /// <exception cref="SkySearchException">A missing or malformed argument, naming it.</exception>
    public static SkySearchArguments Region(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        var moc = Required(get, "moc", "the region as a JSON MOC, {\"order\": [pixel, ...]}, or a FITS MOC file");
        return Region(get, () => SkyCoverage.FromJson(System.Text.Encoding.UTF8.GetBytes(moc)));
    }

    /// <summary>
    /// A region query's arguments, the MOC given as a file (<paramref name="mocFile"/>, named <paramref name="mocName"/>
    /// in messages): a FITS MOC (IVOA MOC 1.1/2.0, NUNIQ) or a JSON MOC, told by its first bytes. The <c>moc</c>
    /// argument must then be absent.
    /// </summary>
    /// <exception cref="SkySearchException">A malformed MOC or argument, naming it.</exception>
    public static SkySearchArguments Region(Func<string, string?> get, ReadOnlyMemory<byte> mocFile, string mocName)
    {
        ArgumentNullException.ThrowIfNull(get);
        if (get("moc") is not null)
            throw new SkySearchException("moc", "the MOC is given twice, as a file and as the moc argument: give it once");
        return Region(get, () =>
        {
            if (!FitsMocReader.IsFits(mocFile.Span)) return SkyCoverage.FromJson(mocFile.Span);
            using var stream = new MemoryStream(mocFile.ToArray(), writable: false);
            return SkyCoverage.FromCells(FitsMocReader.ReadCells(stream, mocName));
        });
    }

    private static SkySearchArguments Region(Func<string, string?> get, Func<SkyCoverage> read)
    {
        SkyCoverage region;
        try
        {
            region = read();
        }
        catch (MocFormatException e)
        {
            throw new SkySearchException("moc", e.Message, e);
        }
        if (region.CoveredPixelCount == 0) throw new SkySearchException("moc", "the MOC covers no pixel: give at least one");
        return Common(get, new RegionShape(region));
    }

    private static SkySearchArguments Common(Func<string, string?> get, SkyShape shape)
    {
        var time = AlertTimeRange.Parse(get("startdate"), get("window"), get("stopdate"));
        Survey? survey;
        try
        {
            survey = RequestWords.ParseSurvey(get("survey"));
        }
        catch (XmatchRequestException e)
        {
            throw new SkySearchException("survey", e.Message, e);
        }
        var columns = get("columns")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SkySearchArguments(shape, time, survey, columns is { Length: > 0 } ? columns : null, SkySearchOutput.ParseFormat(get("output-format")));
    }

    private static string Required(Func<string, string?> get, string name, string what) =>
        get(name) is { } text && !string.IsNullOrWhiteSpace(text) ? text : throw new SkySearchException(name, $"{name} is missing: give {what}");
}
