using System.Globalization;

namespace FinkXmatch.Tests.Hostile;

/// <summary>
/// Bad coordinate values: accepted at upload (values are read once the columns are chosen), refused by the crossmatch
/// with the file, row and column. Degrees in a small CSV; sexagesimal typos in the real 3HSP file.
/// </summary>
internal static partial class HostileCorpus
{
    private static readonly HostileColumns HspColumns = new("R.A.", "Dec", "id", "sexagesimal");

    private static IEnumerable<HostileFile> Coordinates(ValidCatalogs valid)
    {
        var csv = Text(valid.DegreesCsv);
        var row4 = string.Create(CultureInfo.InvariantCulture, $"\n3HSP-4,{valid.Ra[3]:R},{valid.Dec[3]:R}\n");
        HostileFile Degrees(string what, string ra, string dec, params string[] mentions) =>
            Values($"degrees: {what}", $"deg-{Slug(what)}.csv", Utf8(Replace(csv, row4, $"\n3HSP-4,{ra},{dec}\n")), NameRaDec,
                [$"deg-{Slug(what)}.csv", "row 4", .. mentions]);

        yield return Degrees("RA NaN", "NaN", "10", "'ra'", "NaN");
        yield return Degrees("Dec nan", "10", "nan", "'dec'", "nan");
        yield return Degrees("RA Infinity", "Infinity", "10", "'ra'", "infinite");
        yield return Degrees("Dec -inf", "10", "-inf", "'dec'", "-inf");
        yield return Degrees("RA 1e400 overflows", "1e400", "10", "'ra'", "1e400");
        yield return Degrees("RA 360", "360", "10", "'ra'", "360", "[0, 360)");
        yield return Degrees("RA 400", "400", "10", "'ra'", "400", "[0, 360)");
        yield return Degrees("RA -0.5", "-0.5", "10", "'ra'", "-0.5");
        yield return Degrees("Dec 90.0001", "10", "90.0001", "'dec'", "90.0001", "[-90, 90]");
        yield return Degrees("Dec -95", "10", "-95", "'dec'", "-95");
        yield return Degrees("RA empty", "", "10", "'ra'", "empty");
        yield return Degrees("Dec empty", "10", "", "'dec'", "empty");
        yield return Degrees("RA letters", "ten", "10", "'ra'", "ten");
        yield return Degrees("RA decimal comma", "\"10,5\"", "10", "'ra'", "10,5");
        yield return Degrees("RA two dots", "10.5.1", "10", "'ra'", "10.5.1");
        yield return Degrees("Dec with unit", "10", "12deg", "'dec'", "12deg");
        yield return Degrees("RA hex", "0x1A", "10", "'ra'", "0x1A");
        yield return Degrees("RA sexagesimal among degrees", "12:30:00", "10", "'ra'", "12:30:00");

        var hsp = Text(valid.ThreeHspCsv);
        HostileFile Sexagesimal(string what, string find, string typo, string row, string column, params string[] mentions) =>
            Values($"sexagesimal: {what}", $"3hsp-{Slug(what)}.csv", Utf8(Replace(hsp, find, typo)), HspColumns,
                [$"3hsp-{Slug(what)}.csv", row, column, .. mentions]);

        // Row 3 of 3HSP: "00 01 32.74" , "-41 55 24.99"
        yield return Sexagesimal("minutes 61", "\"00 01 32.74\"", "\"00 61 32.74\"", "row 3", "'R.A.'", "00 61 32.74");
        yield return Sexagesimal("seconds 60", "\"00 01 32.74\"", "\"00 01 60.00\"", "row 3", "'R.A.'", "00 01 60.00");
        yield return Sexagesimal("hours 24", "\"00 01 32.74\"", "\"24 01 32.74\"", "row 3", "'R.A.'", "outside [0, 360)");
        yield return Sexagesimal("letter O for zero", "\"00 01 32.74\"", "\"00 O1 32.74\"", "row 3", "'R.A.'", "00 O1 32.74");
        yield return Sexagesimal("trailing colon", "\"00 01 32.74\"", "\"00:01:\"", "row 3", "'R.A.'", "00:01:");
        yield return Sexagesimal("four parts", "\"00 01 32.74\"", "\"00 01 32 74\"", "row 3", "'R.A.'", "00 01 32 74");
        yield return Sexagesimal("two decimal points", "\"00 01 32.74\"", "\"00 01 32.7.4\"", "row 3", "'R.A.'", "00 01 32.7.4");
        yield return Sexagesimal("negative RA", "\"00 01 32.74\"", "\"-00 01 32.74\"", "row 3", "'R.A.'", "-00 01 32.74");
        yield return Sexagesimal("mixed separators", "\"00 01 32.74\"", "\"00:01 32.74\"", "row 3", "'R.A.'", "00:01 32.74");
        yield return Sexagesimal("h m s letters wrong", "\"00 01 32.74\"", "\"00h01x32.74s\"", "row 3", "'R.A.'", "00h01x32.74s");
        yield return Sexagesimal("Dec arcminutes 75", "\"-41 55 24.99\"", "\"-41 75 24.99\"", "row 3", "'Dec'", "-41 75 24.99");
        yield return Sexagesimal("Dec degrees 91", "\"-41 55 24.99\"", "\"-91 55 24.99\"", "row 3", "'Dec'", "outside [-90, 90]");
        yield return Sexagesimal("Dec double sign", "\"-41 55 24.99\"", "\"--41 55 24.99\"", "row 3", "'Dec'", "--41 55 24.99");
        yield return Sexagesimal("Dec sign in the middle", "\"-41 55 24.99\"", "\"41 -55 24.99\"", "row 3", "'Dec'", "41 -55 24.99");
        yield return Sexagesimal("Dec empty", "\"-41 55 24.99\"", "\"\"", "row 3", "'Dec'", "empty");
        yield return Sexagesimal("Dec NaN", "\"-41 55 24.99\"", "\"NaN\"", "row 3", "'Dec'", "NaN");
        yield return Sexagesimal("RA in degrees among sexagesimal", "\"00 01 32.74\"", "\"0.386\"", "row 3", "'R.A.'", "0.386");
    }

    private static string Slug(string what) =>
        string.Concat(what.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');
}
