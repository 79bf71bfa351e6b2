using FinkXmatch.Core.Avro;

namespace FinkXmatch.Core.Tests.Avro;

/// <summary>Walks two schema trees and lists every difference with its path (names, order, types, nullability).</summary>
internal static class AvroSchemaDiff
{
    public static List<string> Compare(AvroSchema expected, AvroSchema actual, string path = "")
    {
        var differences = new List<string>();
        Walk(expected, actual, path, differences);
        return differences;
    }

    private static void Walk(AvroSchema expected, AvroSchema actual, string path, List<string> differences)
    {
        if (expected.Type != actual.Type)
        {
            differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }
        switch (expected)
        {
            case AvroRecordSchema e:
                var a = (AvroRecordSchema)actual;
                if (e.FullName != a.FullName) differences.Add($"{path}: record name {e.FullName} vs {a.FullName}");
                var expectedNames = e.Fields.Select(f => f.Name).ToList();
                var actualNames = a.Fields.Select(f => f.Name).ToList();
                if (!expectedNames.SequenceEqual(actualNames))
                    differences.Add($"{path}: fields [{string.Join(",", expectedNames)}] vs [{string.Join(",", actualNames)}]");
                foreach (var field in e.Fields)
                {
                    var i = a.IndexOf(field.Name);
                    if (i >= 0) Walk(field.Schema, a.Fields[i].Schema, $"{path}.{field.Name}", differences);
                }
                break;
            case AvroUnionSchema eu:
                var au = (AvroUnionSchema)actual;
                if (eu.Branches.Count != au.Branches.Count)
                    differences.Add($"{path}: union of {eu.Branches.Count} vs {au.Branches.Count}");
                else
                    for (var i = 0; i < eu.Branches.Count; i++) Walk(eu.Branches[i], au.Branches[i], $"{path}|{i}", differences);
                break;
            case AvroArraySchema ea:
                Walk(ea.Items, ((AvroArraySchema)actual).Items, $"{path}[]", differences);
                break;
            case AvroMapSchema em:
                Walk(em.Values, ((AvroMapSchema)actual).Values, $"{path}{{}}", differences);
                break;
        }
    }

    private static string Show(AvroSchema schema) => AvroSchemaJson.Write(schema, AvroJsonStyle.Compact) is var s && s.Length > 80 ? s[..80] + "..." : AvroSchemaJson.Write(schema, AvroJsonStyle.Compact);
}
