using System.Text.Json;
using System.Text.Json.Serialization;
using FinkXmatch.Api.Problems;
using FinkXmatch.Grains.Settings;

namespace FinkXmatch.Api.Xmatch;

/// <summary>
/// Reads the JSON body of <c>POST /xmatch</c> by hand rather than by minimal-API binding, whose refusals are a bare
/// 400: here a body over <see cref="LimitOptions.MaxRequestBodyBytes"/> is 413, and a body that is not JSON,
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

    // What each member must be (CONTRACT §2): the JSON shape checked before binding, and the words for the messages.
    private static readonly Dictionary<string, (MemberShape Shape, string Words)> Members = new(StringComparer.OrdinalIgnoreCase)
    {
        ["catalogId"] = (MemberShape.Text, "a string"), ["raColumn"] = (MemberShape.Text, "a string"),
        ["decColumn"] = (MemberShape.Text, "a string"), ["idColumn"] = (MemberShape.Text, "a string or null"),
        ["radiusArcsec"] = (MemberShape.Number, "a number of arcseconds, e.g. 1.5"),
        ["coordinates"] = (MemberShape.Text, "\"auto\", \"degrees\" or \"sexagesimal\""),
        ["years"] = (MemberShape.Years, "an array of the first and the last year, e.g. [2024, 2025] ([2025, 2025]: 2025 alone)"),
        ["startNight"] = (MemberShape.Text, "a night \"YYYY-MM-DD\""), ["stopNight"] = (MemberShape.Text, "a night \"YYYY-MM-DD\""),
        ["fields"] = (MemberShape.Texts, "an array of alert field names, e.g. [\"candidate.magpsf\"]"),
        ["packet"] = (MemberShape.Text, "\"light\", \"medium\" or \"full\""), ["match"] = (MemberShape.Text, "\"nearest\" or \"all\""),
        ["survey"] = (MemberShape.Text, "\"ztf\" or \"lsst\""),
    };

    private enum MemberShape
    {
        Text,      // a string (or null)
        Number,    // a number, or a string the binder reads as one ("NaN", "1.5") (or null)
        Years,     // an array of whole numbers (or null)
        Texts,     // an array of strings (or null)
    }

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
        var json = body.AsSpan();
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) json = json[3..];
        // The shape is checked token by token first (names, duplicates, kinds, UTF-8), so that every refusal names the
        // member and what it must be from the reader's state, never from an exception's wording.
        if (Check(json) is { } problem) throw ApiProblem.BadRequest(problem);
        try
        {
            return JsonSerializer.Deserialize<XmatchRequest>(json, Json)
                ?? throw ApiProblem.BadRequest("the body must be a JSON object (an XmatchRequest), got null");
        }
        catch (JsonException e)
        {
            // What the binder refuses after the shape check: a string that is not a number ("five" for radiusArcsec).
            throw ApiProblem.BadRequest(MemberOf(e.Path) is { } member && Members.TryGetValue(member, out var expected)
                ? $"{member} must be {expected.Words} ({e.Path})"
                : $"the body is not an XmatchRequest at {e.Path ?? "$"}");
        }
    }

    // The first thing wrong with the body's shape, or null when it is an object of known members of the right kinds.
    private static string? Check(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read()) return "the body must be a JSON object (an XmatchRequest)";
            if (reader.TokenType == JsonTokenType.Null) return "the body must be a JSON object (an XmatchRequest), got null";
            if (reader.TokenType != JsonTokenType.StartObject) return "the body must be a JSON object (an XmatchRequest)";
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Text(ref reader) ?? "";
                if (!Members.TryGetValue(name, out var member))
                    return $"unknown member '{name}' in the XmatchRequest: the members are {string.Join(", ", Members.Keys)}";
                if (!seen.Add(name)) return $"a member is given twice ($.{name}): give each member of the XmatchRequest once";
                reader.Read();
                if (CheckValue(ref reader, name, member.Shape) is { } wrong)
                    return wrong.Length == 0 ? $"the body is not valid JSON: $.{name} holds bytes that are not UTF-8" : $"{name} must be {member.Words} ({wrong})";
            }
            // Anything after the object's end is not JSON.
            reader.Read();
            return null;
        }
        catch (JsonException e)
        {
            return NotJson(e);
        }
    }

    /// <summary>Where the JSON reader stopped, from its position (never from the exception's wording).</summary>
    internal static string NotJson(JsonException e) =>
        $"the body is not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}";

    // Null when the value fits; else where it goes wrong ("$.years[1] at byte 40"), or "" for bytes that are not UTF-8.
    private static string? CheckValue(ref Utf8JsonReader reader, string name, MemberShape shape)
    {
        var at = $"$.{name} at byte {reader.TokenStartIndex + 1}";
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String when shape is MemberShape.Text or MemberShape.Number:
                return Text(ref reader) is null ? "" : null;
            case JsonTokenType.Number when shape == MemberShape.Number:
                return null;
            case JsonTokenType.StartArray when shape is MemberShape.Years or MemberShape.Texts:
                for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
                {
                    var item = $"$.{name}[{i}] at byte {reader.TokenStartIndex + 1}";
                    if (shape == MemberShape.Years && !(reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out _))) return item;
                    if (shape == MemberShape.Texts && reader.TokenType != JsonTokenType.String) return item;
                    if (shape == MemberShape.Texts && Text(ref reader) is null) return "";
                }
                return null;
            default:
                return at;
        }
    }

    // The token's text, or null when its bytes are not UTF-8 (the one reason GetString refuses a string token).
    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    internal static async Task<byte[]> ReadBoundedAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
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
        LimitProblems.Exceeded(StatusCodes.Status413PayloadTooLarge, nameof(LimitOptions.MaxRequestBodyBytes),
            $"the request body is larger than {LimitProblems.Bytes(maxBytes)}, the largest accepted");

    // "$.years[1]" -> "years"
    private static string? MemberOf(string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal)) return null;
        var name = path[2..];
        var end = name.IndexOfAny(['.', '[']);
        return end < 0 ? name : name[..end];
    }
}
