namespace FinkXmatch.Tests.Hostile;

/// <summary>VOTable: broken XML, bad structure, hostile XML (entities, DTDs), damaged BINARY2.</summary>
internal static partial class HostileCorpus
{
    private static IEnumerable<HostileFile> VOTable(ValidCatalogs valid)
    {
        var vot = Text(valid.TableDataVOTable);
        var fields = """<FIELD name="name" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" unit="deg"/><FIELD name="dec" datatype="double" unit="deg"/>""";
        yield return Upload("votable: truncated at half", "half.vot", Cut(valid.TableDataVOTable, 0.5), "half.vot", "truncated");
        yield return Upload("votable: truncated after the fields", "fields-only.vot", Utf8(vot[..(vot.IndexOf("<TR>", StringComparison.Ordinal) - 1)]), "fields-only.vot", "truncated");
        yield return Upload("votable: no rows", "no-rows.vot", Utf8(valid.VOTable(rows: "")), "no-rows.vot", "no data rows");
        yield return Upload("votable: no FIELD", "no-fields.vot", Utf8(valid.VOTable(fields: "", rows: "<TR></TR>")), "no-fields.vot", "declares no columns");
        yield return Upload("votable: duplicated FIELD name", "dup-field.vot", Utf8(valid.VOTable(fields: fields.Replace("name=\"dec\"", "name=\"ra\"", StringComparison.Ordinal))), "dup-field.vot", "column 'ra'", "twice");
        yield return Upload("votable: unknown datatype", "bad-type.vot", Utf8(valid.VOTable(fields: fields.Replace("\"double\" unit=\"deg\"/><FIELD name=\"dec\"", "\"quaternion\" unit=\"deg\"/><FIELD name=\"dec\"", StringComparison.Ordinal))), "bad-type.vot", "quaternion");
        yield return Upload("votable: mismatched tag", "mismatched.vot", Utf8(Replace(vot, "</TD></TR>", "</TR></TD>")), "mismatched.vot", "invalid VOTable", "does not match");
        yield return Upload("votable: a row with too many cells", "extra-td.vot", Utf8(Replace(vot, "</TD></TR>", "</TD><TD>1</TD></TR>")), "extra-td.vot", "row 1");
        yield return Upload("votable: undeclared entity", "entity.vot", Utf8(Replace(vot, "<TD>3HSP-2</TD>", "<TD>&bogus;</TD>")), "entity.vot", "bogus");
        yield return Upload("votable: DTD with entity expansion (billion laughs)", "laughs.vot", Utf8(Replace(vot, "<VOTABLE", """
            <!DOCTYPE VOTABLE [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
            <VOTABLE
            """).Replace("<TD>3HSP-2</TD>", "<TD>&h;</TD>", StringComparison.Ordinal)), "laughs.vot", "DTD");
        yield return Upload("votable: external entity (XXE)", "xxe.vot", Utf8(Replace(vot, "<VOTABLE", """
            <!DOCTYPE VOTABLE [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <VOTABLE
            """).Replace("<TD>3HSP-2</TD>", "<TD>&x;</TD>", StringComparison.Ordinal)), "xxe.vot", "DTD");
        yield return Upload("votable: XML without VOTABLE", "plain.xml", Utf8("<?xml version=\"1.0\"?><catalog><row ra=\"1\" dec=\"2\"/></catalog>"), "plain.xml", "not a VOTable");
        yield return Upload("votable: HTML page", "page.vot", Utf8("<!DOCTYPE html><html><body>VOTABLE not found</body></html>"), "page.vot", "XML");
        yield return Upload("votable: binary2 stream truncated", "b2-cut.vot", Replace(valid.Binary2VOTable, "AAAAAAABAAAAAwBNADMAMQAAAAJhYkAl", "AAAAAAAB"), "b2-cut.vot", "row 1", "declares 1586629638 elements");
        yield return Upload("votable: binary2 not base64", "b2-notb64.vot", Replace(valid.Binary2VOTable, "AAAAAAABAAAAAwBN", "!!!!****????%%%%"), "b2-notb64.vot", "not valid base64");
        yield return Upload("votable: binary2 string length 2^31", "b2-long.vot", Replace(valid.Binary2VOTable, "AAAAAAABAAAAAwBNADMAMQAAAAJh", "AAAAAAABf////wBNADMAMQAAAAJh"), "b2-long.vot", "row 1");
        yield return Upload("votable: UTF-16 declared, UTF-8 bytes", "utf16-decl.vot", Utf8(vot.Replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", StringComparison.Ordinal)), "utf16-decl.vot", "not a VOTable", "Unicode");
        yield return Upload("votable: 3hsp CSV named .vot", "3hsp.vot", valid.ThreeHspCsv, "3hsp.vot", "looks like a text (CSV/TSV) file", "rename it .csv");

        yield return Values("votable: NaN Dec", "nan-dec.vot", Utf8(valid.VOTable(rows: Rows(valid, 7, dec: "NaN"))), NameRaDec, "nan-dec.vot", "row 7", "'dec'", "empty");
        yield return Values("votable: RA 400", "ra-400.vot", Utf8(valid.VOTable(rows: Rows(valid, 8, ra: "400"))), NameRaDec, "ra-400.vot", "row 8", "'ra'", "400");
        yield return Values("votable: empty identifier", "empty-id.vot", Utf8(valid.VOTable(rows: Rows(valid, 9, name: ""))), NameRaDec, "empty-id.vot", "row 9", "identifier is empty");
        yield return Values("votable: duplicated identifier", "dup-id.vot", Utf8(valid.VOTable(rows: Rows(valid, 12, name: "3HSP-11"))), NameRaDec, "dup-id.vot", "row 12", "'3HSP-11' is already used");
    }

    /// <summary>The TABLEDATA rows of the sources with row <paramref name="row"/> (1-based) changed.</summary>
    private static string Rows(ValidCatalogs valid, int row, string? name = null, string? ra = null, string? dec = null) =>
        string.Concat(Enumerable.Range(0, ValidCatalogs.Sources).Select(i => i + 1 == row
            ? $"<TR><TD>{name ?? valid.Names[i]}</TD><TD>{ra ?? valid.Ra[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)}</TD><TD>{dec ?? valid.Dec[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)}</TD></TR>\n"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"<TR><TD>{valid.Names[i]}</TD><TD>{valid.Ra[i]:R}</TD><TD>{valid.Dec[i]:R}</TD></TR>\n")));
}
