using System.Globalization;
using System.Text.Json;

namespace FinkXmatch.Core.Sky.Moc;

/// <summary>
/// Reads the IVOA MOC JSON serialisation (MOC 1.1 §2.3.2 / MOC 2.0): an object whose keys are HEALPix orders
/// and whose values are NESTED pixel indices at that order, e.g. <c>{"1":[0,5],"9":[]}</c>. An empty list still
/// declares the MOC order, so the largest key is the resolution.
/// </summary>
public static class MocJson
{
    /// <summary>Largest order a MOC may use (HEALPix nside 2^29).</summary>
    public const int MaxOrder = 29;

    /// <summary>Parses and validates the cells, order by order (duplicates and overlaps are kept; normalising is the caller's job).</summary>
    /// <exception cref="MocFormatException">Not a JSON object of order → integer array, or an order/index out of range.</exception>
    public static IReadOnlyDictionary<int, long[]> Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            return ReadObject(ref reader);
        }
        catch (JsonException e)
        {
            throw new MocFormatException($"MOC is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Parses a MOC held as a string; see <see cref="Parse(ReadOnlySpan{byte})"/>.</summary>
    public static IReadOnlyDictionary<int, long[]> Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    private static Dictionary<int, long[]> ReadObject(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new MocFormatException("MOC JSON must be an object of the form {\"order\": [pixel, ...]}");
        var cells = new Dictionary<int, List<long>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString() ?? "";
            int order = ParseOrder(key);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                throw new MocFormatException($"MOC order \"{key}\" must map to an array of pixel indices");
            long npix = 12L << (2 * order);
            if (!cells.TryGetValue(order, out var list)) cells[order] = list = [];
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long ipix))
                    throw new MocFormatException($"MOC order {order}: pixel indices must be integers, got {reader.TokenType}");
                if (ipix < 0 || ipix >= npix)
                    throw new MocFormatException($"MOC order {order}: pixel index {ipix} is outside 0..{npix - 1}");
                list.Add(ipix);
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            throw new MocFormatException("MOC JSON ends before the closing brace");
        if (reader.Read())
            throw new MocFormatException("MOC JSON has content after the closing brace");
        return cells.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    private static int ParseOrder(string key)
    {
        // Strict digits only: "+3", " 3" or "3.0" are not orders.
        if (key.Length is 0 or > 2 || !key.All(char.IsAsciiDigit)
            || !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int order) || order > MaxOrder)
            throw new MocFormatException($"MOC order \"{key}\" is not an integer in 0..{MaxOrder}");
        return order;
    }
}
