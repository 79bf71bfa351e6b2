using System.Globalization;

namespace FinkXmatch.Service.Tests.Web;

/// <summary>
/// The 3HSP catalog (tests/data/catalogs/3hsp.csv) read by the tests themselves, without the core readers or
/// coordinate parser: quoted comma-separated values, RA as "HH MM SS.ss", Dec as "+DD MM SS.s".
/// </summary>
internal static class ThreeHsp
{
    public const int Rows = 2013;

    public static string FilePath => TestData.Path("catalogs/3hsp.csv");

    public static IReadOnlyList<(double Ra, double Dec)> Positions { get; } = Read();

    private static (double, double)[] Read()
    {
        var lines = File.ReadAllLines(FilePath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        var header = Split(lines[0]);
        int ra = Array.IndexOf(header, "R.A."), dec = Array.IndexOf(header, "Dec");
        return lines.Skip(1).Select(Split).Select(v => (Hours(v[ra]) * 15.0, Degrees(v[dec]))).ToArray();
    }

    private static string[] Split(string line)
    {
        var values = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                values.Add(current.ToString().Trim());
                current.Clear();
            }
            else current.Append(c);
        }
        values.Add(current.ToString().Trim());
        return [.. values];
    }

    private static double Hours(string text) => Sexagesimal(text);

    private static double Degrees(string text) =>
        text.TrimStart().StartsWith('-') ? -Sexagesimal(text.TrimStart()[1..]) : Sexagesimal(text.TrimStart().TrimStart('+'));

    private static double Sexagesimal(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3, parts.Length);
        return parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
    }
}
