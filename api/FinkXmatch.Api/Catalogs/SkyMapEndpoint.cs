using System.Globalization;
using FinkXmatch.Api.Auth;
using FinkXmatch.Api.Problems;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Datalake.Occupancy;
using FinkXmatch.Core.Sky;
using FinkXmatch.Core.SkyMaps;
using FinkXmatch.Grains.Catalogs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinkXmatch.Api.Catalogs;

/// <summary>
/// <c>GET /catalogs/{catalogId}/skymap</c> (CONTRACT §2): the catalog's sources on a Mollweide map of the sky with
/// ZTF DR7's footprint. The fraction of sources inside the footprint, for the columns drawn, comes in the
/// <see cref="FractionHeader"/> header. With <c>survey</c>, <c>years</c> or <c>startNight</c>/<c>stopNight</c>
/// (an addition to the contract), the map also shades where the alerts of those nights are, colours the sources by
/// it, and <see cref="AlertsFractionHeader"/> gives the fraction of sources there.
/// </summary>
public static class SkyMapEndpoint
{
    public const string FractionHeader = "X-Inside-Ztf-Fraction";
    public const string AlertsFractionHeader = "X-Inside-Alerts-Fraction";
    public const int DefaultPngWidth = 1200;

    public static RouteGroupBuilder MapSkyMapEndpoint(this RouteGroupBuilder catalogs)
    {
        catalogs.MapGet("/{catalogId}/skymap", GetAsync)
            .WithName("GetCatalogSkyMap")
            .WithSummary("The catalog's sources over ZTF DR7's footprint: SVG (default) or PNG; ?raColumn=&decColumn= override the guessed columns; " +
                "?survey=&years=YYYY[-YYYY] or &startNight=&stopNight= add where the alerts of those nights are (header X-Inside-Alerts-Fraction)")
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml", additionalContentTypes: ["image/png"])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return catalogs;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAsync(
        string catalogId, HttpContext http, IGrainFactory grains, SkyMapCache maps, SkyMapNights nights, HttpResponse response, CancellationToken cancellationToken,
        string? format = null, string? raColumn = null, string? decColumn = null, string? coordinates = null, int? width = null,
        string? survey = null, string? years = null, string? startNight = null, string? stopNight = null)
    {
        if (await CatalogAccess.FindAsync(grains, catalogId, http.Caller()) is not { } catalog)
            return ProblemResults.NotFound(ProblemResults.NoCatalog(catalogId));

        SkyMapRequest request;
        AlertCoverage? alerts;
        try
        {
            request = Parse(catalog.Info, format, raColumn, decColumn, coordinates, width);
            alerts = await nights.CoverageAsync(survey, years, startNight, stopNight, cancellationToken);
        }
        catch (ApiProblem problem)
        {
            return ProblemResults.From(problem);
        }

        SkyMapImage image;
        try
        {
            image = await Task.Run(() => maps.Get(catalog, request, alerts), cancellationToken);
        }
        catch (CatalogException error) when (error.Kind == CatalogErrorKind.MissingColumn)
        {
            // A column named in the query: the request is at fault, not the file.
            return ProblemResults.From(ApiProblem.BadRequest(error.Message));
        }
        catch (CatalogException error)
        {
            return ProblemResults.From(error);
        }

        response.Headers[FractionHeader] = image.InsideZtfFraction.ToString("R", CultureInfo.InvariantCulture);
        if (image.InsideAlertsFraction is { } inAlerts)
            response.Headers[AlertsFractionHeader] = inAlerts.ToString("R", CultureInfo.InvariantCulture);
        // An uploaded catalog never changes, so neither does its map; the alerts of its nights may (a night still being written).
        response.Headers.CacheControl = alerts is null ? "private, max-age=86400" : "private, no-cache";
        return TypedResults.File(image.Content, image.ContentType);
    }

    private static SkyMapRequest Parse(CatalogInfo info, string? format, string? raColumn, string? decColumn,
        string? coordinates, int? width)
    {
        var imageFormat = format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "svg" => SkyMapFormat.Svg,
            "png" => SkyMapFormat.Png,
            _ => throw ApiProblem.BadRequest($"unknown sky map format '{format}': use format=svg or format=png"),
        };
        var coordinateFormat = coordinates?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => CoordinateFormat.Auto,
            "degrees" => CoordinateFormat.Degrees,
            "sexagesimal" => CoordinateFormat.Sexagesimal,
            _ => throw ApiProblem.BadRequest($"unknown coordinates '{coordinates}': use auto, degrees or sexagesimal"),
        };
        var pngWidth = width ?? DefaultPngWidth;
        if (imageFormat == SkyMapFormat.Png && pngWidth is < SkyMapRenderer.MinPngWidth or > SkyMapRenderer.MaxPngWidth)
        {
            throw ApiProblem.BadRequest(
                $"width {pngWidth} is out of range: a PNG sky map is {SkyMapRenderer.MinPngWidth} to {SkyMapRenderer.MaxPngWidth} pixels wide");
        }

        var ra = Blank(raColumn) ? info.Guess.RaColumn : raColumn!.Trim();
        var dec = Blank(decColumn) ? info.Guess.DecColumn : decColumn!.Trim();
        if (ra is null || dec is null)
        {
            var missing = ra is null && dec is null ? "RA and Dec columns" : ra is null ? "RA column" : "Dec column";
            throw ApiProblem.BadRequest(
                $"no {missing} could be guessed in {info.FileName}: choose them with ?raColumn=...&decColumn=... " +
                $"(columns: {string.Join(", ", info.Columns.Select(c => c.Name))})");
        }
        return new SkyMapRequest(ra, dec, coordinateFormat, imageFormat, imageFormat == SkyMapFormat.Png ? pngWidth : 0);
    }

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);
}
