using System.Text;

namespace FinkXmatch.Core.Avro;

/// <summary>How <see cref="AvroSchemaJson"/> lays out the schema JSON.</summary>
public enum AvroJsonStyle
{
    /// <summary>
    /// What fink_utils' <c>schema_converter.to_avro</c> returns and Fink's Data Transfer puts in the schema
    /// topic key: Python <c>json.dumps(schema, indent=2)</c> (2-space indent, <c>": "</c>, non-ASCII as <c>\uXXXX</c>).
    /// </summary>
    Fink,

    /// <summary>No whitespace at all, as Java Avro's <c>Schema.toString()</c> (Spark) writes it.</summary>
    Compact,
}

/// <summary>
/// Writes an <see cref="AvroSchema"/> as JSON with keys in fink's order: records
/// <c>type, name, [namespace,] fields</c>; fields <c>name, type</c>; arrays <c>type, items</c>; maps <c>type, values</c>.
/// A named record met a second time is written as a reference to its full name, as the Avro spec requires.
/// </summary>
public static class AvroSchemaJson
{
    /// <summary>The schema JSON text.</summary>
    public static string Write(AvroSchema schema, AvroJsonStyle style = AvroJsonStyle.Fink)
    {
        var printer = new Printer(style);
        printer.Value(ToNode(schema, null, new HashSet<string>(StringComparer.Ordinal)), 0);
        return printer.ToString();
    }

    /// <summary>The schema JSON as UTF-8 bytes (the Kafka key of the schema topic messages).</summary>
    public static byte[] WriteUtf8(AvroSchema schema, AvroJsonStyle style = AvroJsonStyle.Fink) =>
        Encoding.UTF8.GetBytes(Write(schema, style));

    // A tiny ordered JSON model: string, List<object> (array) or List<KeyValuePair<string, object>> (object).
    private static object ToNode(AvroSchema schema, string? enclosingNamespace, HashSet<string> written)
    {
        switch (schema)
        {
            case AvroPrimitiveSchema:
                return AvroSchema.PrimitiveName(schema.Type)!;
            case AvroUnionSchema union:
                return union.Branches.Select(b => ToNode(b, enclosingNamespace, written)).ToList();
            case AvroArraySchema array:
                return new List<KeyValuePair<string, object>> { new("type", "array"), new("items", ToNode(array.Items, enclosingNamespace, written)) };
            case AvroMapSchema map:
                return new List<KeyValuePair<string, object>> { new("type", "map"), new("values", ToNode(map.Values, enclosingNamespace, written)) };
            case AvroRecordSchema record:
                if (!written.Add(record.FullName)) return record.FullName;
                var node = new List<KeyValuePair<string, object>> { new("type", "record"), new("name", record.Name) };
                // A short name's namespace is written only where it differs from the inherited one.
                if (!record.Name.Contains('.') && record.Namespace != enclosingNamespace)
                    node.Add(new("namespace", record.Namespace ?? ""));
                var lastDot = record.FullName.LastIndexOf('.');
                var childNamespace = lastDot < 0 ? null : record.FullName[..lastDot];
                var fields = record.Fields
                    .Select(f => (object)new List<KeyValuePair<string, object>> { new("name", f.Name), new("type", ToNode(f.Schema, childNamespace, written)) })
                    .ToList();
                node.Add(new("fields", fields));
                return node;
            default:
                throw new NotSupportedException($"cannot write Avro schema node {schema.GetType().Name}");
        }
    }

    private sealed class Printer(AvroJsonStyle style)
    {
        private readonly StringBuilder _text = new();
        private readonly bool _indented = style == AvroJsonStyle.Fink;

        public override string ToString() => _text.ToString();

        public void Value(object node, int depth)
        {
            switch (node)
            {
                case string s:
                    String(s);
                    break;
                case List<KeyValuePair<string, object>> obj:
                    Container('{', '}', obj.Count, depth, i =>
                    {
                        String(obj[i].Key);
                        _text.Append(_indented ? ": " : ":");
                        Value(obj[i].Value, depth + 1);
                    });
                    break;
                case List<object> array:
                    Container('[', ']', array.Count, depth, i => Value(array[i], depth + 1));
                    break;
                default:
                    throw new InvalidOperationException("unexpected JSON node");
            }
        }

        private void Container(char open, char close, int count, int depth, Action<int> item)
        {
            _text.Append(open);
            for (var i = 0; i < count; i++)
            {
                if (i > 0) _text.Append(',');
                NewLine(depth + 1);
                item(i);
            }
            if (count > 0) NewLine(depth);
            _text.Append(close);
        }

        private void NewLine(int depth)
        {
            if (_indented) _text.Append('\n').Append(' ', 2 * depth);
        }

        // Python json.dumps(ensure_ascii=True) escaping, which the compact style shares (both are valid JSON).
        private void String(string s)
        {
            _text.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': _text.Append("\\\""); break;
                    case '\\': _text.Append("\\\\"); break;
                    case '\n': _text.Append("\\n"); break;
                    case '\r': _text.Append("\\r"); break;
                    case '\t': _text.Append("\\t"); break;
                    case '\b': _text.Append("\\b"); break;
                    case '\f': _text.Append("\\f"); break;
                    default:
                        if (c < ' ' || c > '~') _text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                        else _text.Append(c);
                        break;
                }
            }
            _text.Append('"');
        }
    }
}
