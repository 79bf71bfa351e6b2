using System.Globalization;
using System.Text;
using System.Text.Json;
using FinkXmatch.Core.Datalake;
using FinkXmatch.Core.Avro;
using FinkXmatch.Core.Results;
using FinkXmatch.Core.Xmatch;

namespace FinkXmatch.Core.SkySearch;

/// <summary>The formats a search answers in, as Fink's <c>output-format</c> names them.</summary>
public enum SkySearchFormat { Json, Csv, Parquet, Svg }

/// <summary>
/// Writes a <see cref="SkySearchResult"/> as JSON (an array of objects, one per alert, as Fink's API answers: structs
/// as objects, lists as arrays, bytes as base64, NaN as null), CSV (a header, then one line per alert; a struct or list as
/// its JSON text), Parquet (the crossmatch results' writer and column types) or SVG (an addition: the alerts found on the
/// sky map the web page draws for catalogs, over ZTF DR7's footprint).
/// </summary>
public static class SkySearchOutput
{
    /// <summary>The format named <paramref name="text"/> (<c>json</c> when null or blank).</summary>
    /// <exception cref="SkySearchException">Another name.</exception>
    public static SkySearchFormat ParseFormat(string? text, string argument = "output-format") => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "json" => SkySearchFormat.Json,
        "csv" => SkySearchFormat.Csv,
        "parquet" => SkySearchFormat.Parquet,
        "svg" => SkySearchFormat.Svg,
        _ => throw new SkySearchException(argument, $"{argument} must be json, csv, parquet or svg, got '{AlertTimeRange.Quote(text)}'"),
    };

    /// <summary>The media type of a format.</summary>
    public static string MediaType(SkySearchFormat format) => format switch
    {
        SkySearchFormat.Csv => "text/csv; charset=utf-8",
        SkySearchFormat.Parquet => "application/vnd.apache.parquet",
        SkySearchFormat.Svg => "image/svg+xml",
        _ => "application/json; charset=utf-8",
    };

    /// <summary>Writes the result in <paramref name="format"/> (a Parquet destination must be seekable).</summary>
    public static async Task WriteAsync(SkySearchResult result, SkySearchFormat format, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        switch (format)
        {
            case SkySearchFormat.Parquet:
                await WriteParquetAsync(result, destination, cancellationToken).ConfigureAwait(false);
                break;
            case SkySearchFormat.Csv:
                await WriteCsvAsync(result, destination, cancellationToken).ConfigureAwait(false);
                break;
            case SkySearchFormat.Svg:
                await destination.WriteAsync(Encoding.UTF8.GetBytes(SkySearchMap.Svg(result)), cancellationToken).ConfigureAwait(false);
                break;
            default:
                await WriteJsonAsync(result, destination, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private static async Task WriteJsonAsync(SkySearchResult result, Stream destination, CancellationToken cancellationToken)
    {
        var names = result.ColumnNames.ToArray();
        await using var json = new Utf8JsonWriter(destination);
        json.WriteStartArray();
        foreach (var row in result.Rows)
        {
            json.WriteStartObject();
            for (var c = 0; c < names.Length; c++)
            {
                json.WritePropertyName(names[c]);
                WriteValue(json, row[c]);
            }
            json.WriteEndObject();
            if (json.BytesPending > 1 << 16) await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        json.WriteEndArray();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteCsvAsync(SkySearchResult result, Stream destination, CancellationToken cancellationToken)
    {
        await using var text = new StreamWriter(destination, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await text.WriteLineAsync(string.Join(',', result.ColumnNames.Select(Quoted))).ConfigureAwait(false);
        var line = new StringBuilder();
        foreach (var row in result.Rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            line.Clear();
            for (var c = 0; c < row.Length; c++)
            {
                if (c > 0) line.Append(',');
                line.Append(Quoted(CsvText(row[c])));
            }
            await text.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static async Task WriteParquetAsync(SkySearchResult result, Stream destination, CancellationToken cancellationToken)
    {
        var columns = ResultLayout.AlertColumns(result.Schema, result.Fields, result.Names);
        if (result.HasSeparation) columns = columns.Append(ResultColumn.Extra(SkySearchResult.SeparationColumn, AvroType.Double, nullable: false));
        await using var writer = new ResultParquetWriter(AvroSchemaBuilder.Build(columns), destination, ownsStream: false);
        await writer.WriteAsync(result.Rows.Select(r => r.Select(AvroRowValues.From).ToArray()).ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case double or float: json.WriteNullValue(); break;
            case long l: json.WriteNumberValue(l); break;
            case int i: json.WriteNumberValue(i); break;
            case byte[] bytes: json.WriteBase64StringValue(bytes); break;
            case DateTime time: json.WriteStringValue(time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture)); break;
            case AlertRecord record:
                json.WriteStartObject();
                foreach (var (name, member) in record.Names.Zip(record.Values))
                {
                    json.WritePropertyName(name);
                    WriteValue(json, member);
                }
                json.WriteEndObject();
                break;
            case IReadOnlyList<KeyValuePair<string, object?>> map:
                json.WriteStartObject();
                foreach (var (key, member) in map)
                {
                    json.WritePropertyName(key);
                    WriteValue(json, member);
                }
                json.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                json.WriteStartArray();
                foreach (var item in list) WriteValue(json, item);
                json.WriteEndArray();
                break;
            case IFormattable number: json.WriteRawValue(number.ToString(null, CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(value.ToString()); break;
        }
    }

    private static string CsvText(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable number and not DateTime => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Json(value),
    };

    private static string Json(object value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) WriteValue(json, value);
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        // A date-time is its text, not a JSON string.
        return value is DateTime ? text.Trim('"') : text;
    }

    private static string Quoted(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
