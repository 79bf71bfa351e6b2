using FinkXmatch.Api.Problems;
using FinkXmatch.Api.Xmatch;
using FinkXmatch.Core.SkySearch;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FinkXmatch.Api.SkySearch;

/// <summary>
/// The arguments of <c>POST /region</c> in its three forms: a JSON object (the MOC as JSON in <c>moc</c>, as for the
/// cone search); a FITS MOC as the body itself (<c>Content-Type: application/fits</c> or <c>image/fits</c>, the other arguments in the query
/// string); or a form upload (<c>multipart/form-data</c>: the file field <c>moc</c>, FITS or JSON, and the other
/// arguments as fields, <c>curl -F moc=@region.fits -F startdate=2025-07-01</c>). The body, a file included, is held
/// to <c>MaxRequestBodyBytes</c>.
/// </summary>
public static class RegionRequestBody
{
    // FITS's registered media types (RFC 4047).
    private static readonly string[] FitsMediaTypes = ["application/fits", "image/fits"];

    /// <summary>The parsed arguments of the request.</summary>
    /// <exception cref="ApiProblem">400 a malformed body or argument (naming it), 413 over the body limit, 415 another content type.</exception>
    public static async Task<SkySearchArguments> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var names = SkySearchArguments.RegionNames;
        if (FitsMediaTypes.Any(type => IsMediaType(request, type, out _)))
        {
            var arguments = SkySearchRequestBody.FromQuery(request.Query, names);
            var file = await XmatchRequestBody.ReadBoundedAsync(request, maxBytes, cancellationToken);
            return SkySearchRequestBody.Parse(() => SkySearchArguments.Region(Getter(arguments), file, "the FITS MOC of the body"));
        }
        if (IsMediaType(request, "multipart/form-data", out var boundary))
        {
            var (arguments, file, fileName) = await ReadFormAsync(request, boundary, maxBytes, names, cancellationToken);
            return SkySearchRequestBody.Parse(() => file is null
                ? SkySearchArguments.Region(Getter(arguments))
                : SkySearchArguments.Region(Getter(arguments), file, $"the MOC file '{FinkXmatch.Core.Catalogs.CatalogException.Quote(fileName)}'"));
        }
        if (!request.HasJsonContentType())
            throw new ApiProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "send the arguments as a JSON object (Content-Type: application/json, the MOC as JSON in moc), a FITS MOC as the body " +
                "(Content-Type: application/fits, the other arguments in the query string), or a form with the MOC file in field moc (multipart/form-data)");
        var json = await SkySearchRequestBody.ReadAsync(request, maxBytes, names, cancellationToken);
        return SkySearchRequestBody.Parse(() => SkySearchArguments.Region(Getter(json)));
    }

    private static Func<string, string?> Getter(Dictionary<string, string?> arguments) => name => arguments.GetValueOrDefault(name);

    private static bool IsMediaType(HttpRequest request, string mediaType, out string boundary)
    {
        boundary = "";
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            return false;
        boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value ?? "";
        return true;
    }

    private static async Task<(Dictionary<string, string?> Arguments, byte[]? File, string FileName)> ReadFormAsync(HttpRequest request,
        string boundary, long maxBytes, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (boundary.Length == 0) throw ApiProblem.BadRequest("the multipart/form-data content type has no boundary");
        var body = await XmatchRequestBody.ReadBoundedAsync(request, maxBytes, cancellationToken);
        var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false));
        var arguments = new Dictionary<string, string?>(StringComparer.Ordinal);
        byte[]? file = null;
        var fileName = "";
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                var name = HeaderUtilities.RemoveQuotes(disposition?.Name ?? "").Value ?? "";
                if (!names.Contains(name))
                    throw SkySearchRequestBody.Argument(name, $"unknown form field '{FinkXmatch.Core.Catalogs.CatalogException.Quote(name)}': the arguments are {string.Join(", ", names)}");
                using var value = new MemoryStream();
                await section.Body.CopyToAsync(value, cancellationToken);
                if (arguments.ContainsKey(name) || name == "moc" && file is not null)
                    throw SkySearchRequestBody.Argument(name, $"{name} is given twice: give it once");
                if (name == "moc" && disposition is not null && disposition.IsFileDisposition())
                {
                    file = value.ToArray();
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "moc";
                }
                else
                {
                    arguments[name] = System.Text.Encoding.UTF8.GetString(value.ToArray());
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw ApiProblem.BadRequest($"the multipart body is malformed: {e.Message}");
        }
        return (arguments, file, fileName);
    }
}
