namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Tells a text table's separator from its header and first rows, once, before any row is parsed: comma, tab,
/// semicolon, pipe, or runs of whitespace (astropy's <c>format="ascii"</c>). A single character is taken when the
/// header splits into two or more names on it and every sampled row into as many values; two such characters are
/// ambiguous (unless the file's extension names one of them) and refused. Whitespace comes after any character that
/// fits at least half the rows (a file with a bad row, which the parser then names): a whitespace table has no
/// single character that splits it evenly. In a whitespace table a value holding spaces is quoted, or, when the
/// rows hold more parts than the header has names, read as a sexagesimal value of three parts ("12 34 56.7") in the
/// columns where every sampled row has one, provided those columns are the only way to match the header.
/// </summary>
internal static class CsvSeparatorDetector
{
    /// <summary>Rows sampled after the header.</summary>
    public const int SampleRows = 50;

    // Enough for any real file; a header that would need more to settle the sexagesimal columns is left unsettled.
    private const int MaxLayouts = 256;

    /// <summary>The separator, and for a whitespace table the columns whose values span three space-separated parts.</summary>
    public sealed record Layout(CsvSeparator Separator, bool[]? SpacedColumns = null);

    /// <summary>
    /// Detects the separator of the text table starting <paramref name="text"/> (<paramref name="complete"/>: the text
    /// is the whole file, so its last line is whole). <paramref name="preferred"/> (the extension's) settles a tie.
    /// </summary>
    /// <exception cref="CatalogException">WrongFormat: two separators fit the header and the rows equally well.</exception>
    public static Layout Detect(ReadOnlySpan<char> text, bool complete, CsvSeparator? preferred, string fileName)
    {
        var records = Records(text, complete);
        if (records.Count == 0) return new Layout(preferred ?? CsvSeparator.Comma);
        var header = Slice(text, records[0]);
        var rows = records.Count - 1;

        var fitting = new List<(CsvSeparator Separator, int Columns)>();
        (CsvSeparator Separator, int Matches)? best = null;
        foreach (var candidate in CsvSeparators.Characters)
        {
            var columns = Count(header, candidate.Char());
            if (columns < 2) continue;
            var matches = 0;
            for (var r = 1; r < records.Count; r++)
                if (Count(Slice(text, records[r]), candidate.Char()) == columns) matches++;
            if (matches == rows) fitting.Add((candidate, columns));
            if (best is null || matches > best.Value.Matches || (matches == best.Value.Matches && candidate == preferred))
                best = (candidate, matches);
        }
        if (fitting.Count == 1) return new Layout(fitting[0].Separator);
        if (fitting.Count > 1)
        {
            if (preferred is { } named && fitting.Any(f => f.Separator == named)) return new Layout(named);
            var split = string.Join(" as well as ", fitting.Select(f => $"on {f.Separator.Describe()} into {f.Columns} columns"));
            throw new CatalogException(CatalogErrorKind.WrongFormat, fileName,
                $"cannot tell the separator: the header and the first {rows} rows split {split} (tried {Tried}); " +
                "quote the values that hold the other character, or name the file .tsv for tabs, .csv for commas");
        }

        // No character fits every row. One that fits most of them is the separator of a file with a bad row (a
        // ragged TSV, whose empty values whitespace would skip): the parser then names the row at fault.
        if (best is { } most && 2 * most.Matches >= rows) return new Layout(most.Separator);
        var whitespace = WhitespaceLayout(text, records);
        if (whitespace is not null) return whitespace;
        if (best is { } any) return new Layout(any.Separator);
        return Tokens(header).Count >= 2 ? new Layout(CsvSeparator.Whitespace) : new Layout(preferred ?? CsvSeparator.Comma);
    }

    /// <summary>The separators tried, as messages list them.</summary>
    public static string Tried { get; } = string.Join(", ", CsvSeparators.Characters.Select(s => s.Describe()).Append("whitespace"));

    private static Layout? WhitespaceLayout(ReadOnlySpan<char> text, List<Range> records)
    {
        var columns = Tokens(Slice(text, records[0])).Count;
        if (columns < 2) return null;
        var rows = new List<List<Range>>(records.Count - 1);
        for (var r = 1; r < records.Count; r++) rows.Add(Tokens(Slice(text, records[r])));
        if (rows.All(t => t.Count == columns)) return new Layout(CsvSeparator.Whitespace);

        // More parts than names in every row, by the same even number: sexagesimal values written with spaces?
        var parts = rows.Count == 0 ? 0 : rows[0].Count;
        if (parts <= columns || (parts - columns) % 2 != 0 || rows.Any(t => t.Count != parts)) return null;
        var layouts = new List<bool[]>();
        var first = Slice(text, records[1]);
        Spread(first, rows[0], new bool[columns], 0, 0, layouts);
        bool[]? found = null;
        foreach (var layout in layouts)
        {
            var fitsAll = true;
            for (var r = 1; r < rows.Count && fitsAll; r++) fitsAll = Fits(Slice(text, records[r + 1]), rows[r], layout);
            if (!fitsAll) continue;
            if (found is not null) return null; // two ways to read the rows: the parser explains
            found = layout;
        }
        return found is null ? null : new Layout(CsvSeparator.Whitespace, found);
    }

    // Every way to give each column one part, or three forming a sexagesimal value, using all parts of the row.
    private static void Spread(ReadOnlySpan<char> row, List<Range> parts, bool[] spaced, int column, int part, List<bool[]> layouts)
    {
        if (layouts.Count >= MaxLayouts) return;
        var columnsLeft = spaced.Length - column;
        var partsLeft = parts.Count - part;
        if (columnsLeft == 0)
        {
            if (partsLeft == 0) layouts.Add((bool[])spaced.Clone());
            return;
        }
        if (partsLeft < columnsLeft || partsLeft > 3 * columnsLeft) return;
        spaced[column] = false;
        Spread(row, parts, spaced, column + 1, part + 1, layouts);
        if (partsLeft >= 3 && IsSexagesimal(row, parts, part))
        {
            spaced[column] = true;
            Spread(row, parts, spaced, column + 1, part + 3, layouts);
            spaced[column] = false;
        }
    }

    private static bool Fits(ReadOnlySpan<char> row, List<Range> parts, bool[] spaced)
    {
        var part = 0;
        foreach (var three in spaced)
        {
            if (three && !IsSexagesimal(row, parts, part)) return false;
            part += three ? 3 : 1;
        }
        return part == parts.Count;
    }

    // "12 34 56.7", "-05 06 07": [+-]d{1,3}, then minutes and seconds below 60 (seconds may have decimals).
    private static bool IsSexagesimal(ReadOnlySpan<char> row, List<Range> parts, int at)
    {
        var units = row[parts[at]];
        if (units.Length > 0 && units[0] is '+' or '-') units = units[1..];
        return units.Length is >= 1 and <= 3 && AllDigits(units)
            && IsSixtieth(row[parts[at + 1]], decimals: false) && IsSixtieth(row[parts[at + 2]], decimals: true);
    }

    private static bool IsSixtieth(ReadOnlySpan<char> text, bool decimals)
    {
        var dot = decimals ? text.IndexOf('.') : -1;
        var whole = dot < 0 ? text : text[..dot];
        if (whole.Length is < 1 or > 2 || !AllDigits(whole) || (dot >= 0 && !AllDigits(text[(dot + 1)..]))) return false;
        return (whole.Length == 1 ? whole[0] - '0' : ((whole[0] - '0') * 10) + (whole[1] - '0')) < 60;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    private static ReadOnlySpan<char> Slice(ReadOnlySpan<char> text, Range range) => text[range];

    /// <summary>Values of a line split on <paramref name="separator"/> outside quotes.</summary>
    private static int Count(ReadOnlySpan<char> line, char separator)
    {
        var count = 1;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == separator && !quoted) count++;
        }
        return count;
    }

    /// <summary>The parts of a line split on runs of spaces and tabs outside quotes (quotes kept in the part).</summary>
    private static List<Range> Tokens(ReadOnlySpan<char> line)
    {
        var tokens = new List<Range>();
        var quoted = false;
        var start = -1;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"') quoted = !quoted;
            var blank = !quoted && c is ' ' or '\t';
            if (blank && start >= 0)
            {
                tokens.Add(start..i);
                start = -1;
            }
            else if (!blank && start < 0)
            {
                start = i;
            }
        }
        if (start >= 0) tokens.Add(start..line.Length);
        return tokens;
    }

    /// <summary>The header and up to <see cref="SampleRows"/> rows: whole records (a quoted value may span lines), no comments or blank lines.</summary>
    private static List<Range> Records(ReadOnlySpan<char> text, bool complete)
    {
        var records = new List<Range>();
        var pos = 0;
        while (pos < text.Length && records.Count <= SampleRows)
        {
            var c = text[pos];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pos++;
                continue;
            }
            var end = c == '#' ? LineEnd(text, pos, quotes: false) : LineEnd(text, pos, quotes: true);
            if (end < 0 && !complete) break; // runs past what was read
            if (end < 0) end = text.Length;
            if (c != '#') records.Add(pos..end);
            pos = end + 1;
        }
        return records;
    }

    private static int LineEnd(ReadOnlySpan<char> text, int from, bool quotes)
    {
        var quoted = false;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quotes && c == '"') quoted = !quoted;
            else if (c is '\r' or '\n' && !quoted) return i;
        }
        return -1;
    }
}
