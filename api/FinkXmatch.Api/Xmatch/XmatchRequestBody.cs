using System.Text.Json;
using System.Text.Json.Serialization;
using FinkXmatch.Api.Problems;
using FinkXmatch.Grains;

namespace FinkXmatch.Api.Xmatch;

/// <summary>
/// Reads the JSON body of <c>POST /xmatch</c> by hand rather than by minimal-API binding, whose refusals are a bare
/// 400: here a body over <see cref="FinkXmatchOptions.MaxRequestBodyBytes"/> is 413, and a body that is not JSON,
/// not an object, has a member of the wrong type, an unknown member or one given twice is 400 naming it, and a body
/// that is not <c>application/json</c> is 415 (routing answers most of those first, see <see cref="FrameworkProblemDetails"/>).
/// </summary>
public static class XmatchRequestBody
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // A typo ("feilds") silently ignored would run a different job than the one asked for.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    // What each member must be, for the messages (CONTRACT §2).
    private static readonly Dictionary<string, string> Expected = new(StringComparer.OrdinalIgnoreCase)
    {
        ["catalogId"] = "a string", ["raColumn"] = "a string", ["decColumn"] = "a string", ["idColumn"] = "a string or null",
        ["radiusArcsec"] = "a number of arcseconds, e.g. 1.5", ["coordinates"] = "\"auto\", \"degrees\" or \"sexagesimal\"",
        ["years"] = "an array of the first and the last year, e.g. [2024, 2025] ([2025, 2025]: 2025 alone)", ["startNight"] = "a night \"YYYY-MM-DD\"",
        ["stopNight"] = "a night \"YYYY-MM-DD\"", ["fields"] = "an array of alert field names, e.g. [\"candidate.magpsf\"]",
        ["packet"] = "\"light\", \"medium\" or \"full\"", ["match"] = "\"nearest\" or \"all\"",
        ["survey"] = "\"ztf\" or \"lsst\"",
    };

    /// <exception cref="ApiProblem">400, 413 or 415, naming what is wrong.</exception>
    public static async Task<XmatchRequest> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        // Routing already answers 415 to other content types; a body without one gets here.
        if (!request.HasJsonContentType())
        {
            throw new ApiProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"send the XmatchRequest as JSON (Content-Type: application/json), not {(string.IsNullOrEmpty(request.ContentType) ? "a body without a content type" : $"'{request.ContentType}'")}");
        }
        var body = await ReadBoundedAsync(request, maxBytes, cancellationToken);
        XmatchRequest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<XmatchRequest>(body, Json);
        }
        catch (JsonException e)
        {
            throw ApiProblem.BadRequest(Describe(e, body));
        }
        return parsed ?? throw ApiProblem.BadRequest("the body must be a JSON object (an XmatchRequest), got null");
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (IOException e)
        {
            throw ApiProblem.BadRequest($"the request body ended early: {e.Message}");
        }
        if (buffer.Length == 0) throw ApiProblem.BadRequest("the body is empty: send a JSON XmatchRequest, e.g. {\"catalogId\": \"cat-...\", \"radiusArcsec\": 1.5}");
        return buffer.ToArray();
    }

    private static ApiProblem TooLarge(long maxBytes) =>
        LimitProblems.Exceeded(StatusCodes.Status413PayloadTooLarge, nameof(FinkXmatchOptions.MaxRequestBodyBytes),
            $"the request body is larger than {LimitProblems.Bytes(maxBytes)}, the largest accepted");

    // System.Text.Json's messages name .NET types; say what the member must be instead.
    private static string Describe(JsonException e, byte[] body)
    {
        var where = $"line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}";
        if (!LooksLikeObject(body)) return "the body must be a JSON object (an XmatchRequest)";
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal) && QuotedName(e.Message) is { } unknown)
            return $"unknown member '{unknown}' in the XmatchRequest: the members are {string.Join(", ", Expected.Keys)}";
        if (e.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
            return $"a member is given twice ({e.Path ?? "$"}): give each member of the XmatchRequest once";
        var member = MemberOf(e.Path);
        if (e.InnerException is InvalidOperationException { Message: var inner } && inner.Contains("UTF-8", StringComparison.Ordinal))
            return $"the body is not valid JSON: {e.Path} holds bytes that are not UTF-8 ({where})";
        if (e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            && member is not null && Expected.TryGetValue(member, out var expected))
            return $"{member} must be {expected} ({e.Path} at {where})";
        return $"the body is not valid JSON at {where}: {ReaderMessage(e.Message)}";
    }

    // The reader's own words ("Expected a value, got '}'") without its "Path: $ | LineNumber: ..." tail.
    private static string ReaderMessage(string message)
    {
        var tail = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var text = (tail < 0 ? message : message[..tail]).Trim();
        return text.Length > 300 ? text[..300] : text;
    }

    private static bool LooksLikeObject(byte[] body)
    {
        var text = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) text = text[3..].TrimStart(" \t\r\n"u8);
        return text.StartsWith("{"u8);
    }

    // "$.years[1]" -> "years"
    private static string? MemberOf(string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal)) return null;
        var name = path[2..];
        var end = name.IndexOfAny(['.', '[']);
        return end < 0 ? name : name[..end];
    }

    private static string? QuotedName(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start ? message[(start + 1)..end] : null;
    }
}
