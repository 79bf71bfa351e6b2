using System.Text.Json;
using FinkXmatch.Api.Problems;
using FinkXmatch.Api.Xmatch;
using FinkXmatch.Core.SkySearch;

namespace FinkXmatch.Api.SkySearch;

/// <summary>
/// The arguments of <c>POST /conesearch</c> and <c>POST /region</c> as text, the way Fink's API takes them: a JSON
/// object whose members are strings or numbers (<c>{"ra": "193.822", "dec": 2.89732, "radius": "5"}</c>; the region's
/// <c>moc</c> is a MOC object, or the same as a string), or the query string of a GET. An unknown member or one given
/// twice is refused naming it, so that a typo never widens a search.
/// </summary>
public static class SkySearchRequestBody
{
    /// <summary>The arguments of a POST's JSON body, by name.</summary>
    /// <exception cref="ApiProblem">400 a body that is not such an object, 413 over the body limit, 415 not JSON.</exception>
    public static async Task<Dictionary<string, string?>> ReadAsync(HttpRequest request, long maxBytes, IReadOnlyList<string> names,
        CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            throw new ApiProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"send the arguments as a JSON object (Content-Type: application/json), e.g. {{\"ra\": \"193.822\", \"dec\": \"2.89732\", \"radius\": \"5\"}}");
        var body = await XmatchRequestBody.ReadBoundedAsync(request, maxBytes, cancellationToken);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw ApiProblem.BadRequest(XmatchRequestBody.NotJson(e));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw ApiProblem.BadRequest($"the body must be a JSON object of arguments ({string.Join(", ", names)})");
            var arguments = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var member in document.RootElement.EnumerateObject())
            {
                Check(member.Name, names);
                if (!arguments.TryAdd(member.Name, Text(member)))
                    throw Argument(member.Name, $"{member.Name} is given twice: give it once");
            }
            return arguments;
        }
    }

    /// <summary>The arguments of a GET's query string, by name.</summary>
    /// <exception cref="ApiProblem">400 an unknown argument or one given twice.</exception>
    public static Dictionary<string, string?> FromQuery(IQueryCollection query, IReadOnlyList<string> names)
    {
        var arguments = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            Check(name, names);
            if (values.Count > 1) throw Argument(name, $"{name} is given twice: give it once");
            arguments[name] = values.ToString();
        }
        return arguments;
    }

    /// <summary>Parses arguments, a malformed one a 400 problem naming it.</summary>
    /// <exception cref="ApiProblem">400 naming the argument.</exception>
    public static SkySearchArguments Parse(Func<SkySearchArguments> parse)
    {
        try
        {
            return parse();
        }
        catch (SkySearchException e)
        {
            throw Argument(e.Argument, e.Message);
        }
    }

    /// <summary>A 400 problem naming the argument at fault (its <c>argument</c> member).</summary>
    public static ApiProblem Argument(string argument, string detail) => new(StatusCodes.Status400BadRequest, "Bad argument", detail, argument: argument);

    private static void Check(string name, IReadOnlyList<string> names)
    {
        if (!names.Contains(name))
            throw Argument(name, $"unknown argument '{FinkXmatch.Core.Catalogs.CatalogException.Quote(name)}': the arguments are {string.Join(", ", names)}");
    }

    private static string? Text(JsonProperty member) => member.Value.ValueKind switch
    {
        JsonValueKind.String => member.Value.GetString(),
        JsonValueKind.Number => member.Value.GetRawText(),
        JsonValueKind.Null => null,
        // A MOC sent as itself rather than as a string.
        JsonValueKind.Object when member.Name == "moc" => member.Value.GetRawText(),
        _ => throw Argument(member.Name, $"{member.Name} must be a string or a number{(member.Name == "moc" ? " or a MOC object" : "")}, got {member.Value.ValueKind.ToString().ToLowerInvariant()}"),
    };
}
