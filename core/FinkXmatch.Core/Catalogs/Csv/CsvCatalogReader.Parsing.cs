namespace FinkXmatch.Core.Catalogs;

// Record splitting and buffer refills. Parsing works on [_start, _end) of the char buffer; when a record runs past
// the decoded data it answers NeedMore, the caller refills (keeping the partial record) and parses it again from
// its start: nothing is mutated before a whole record is delimited.
public sealed partial class CsvCatalogReader
{
    private enum ParseOutcome
    {
        Record,
        NeedMore,
        End,
    }

    /// <summary>Consumes blank and '#' comment lines; Record means a record starts at <see cref="_start"/>.</summary>
    private ParseOutcome SkipIgnorableLines()
    {
        var data = _chars.AsSpan(0, _end);
        while (true)
        {
            var p = _start;
            while (p < data.Length && data[p] is ' ' or '\t') p++;
            if (p == data.Length) return _eof ? ParseOutcome.End : ParseOutcome.NeedMore;
            var c = data[p];
            if (c is '\r' or '\n')
            {
                _start = p + 1;
                continue;
            }
            if (c != '#') return ParseOutcome.Record;
            var lineEnd = data[p..].IndexOfAny('\r', '\n');
            if (lineEnd < 0)
            {
                if (!_eof) return ParseOutcome.NeedMore;
                _start = data.Length;
                return ParseOutcome.End;
            }
            _start = p + lineEnd + 1;
        }
    }

    private ParseOutcome Parse(int pos, int expectedFields, out int next) =>
        _whitespace ? ParseWhitespaceRecord(pos, expectedFields, out next) : ParseRecord(pos, expectedFields, out next);

    /// <summary>
    /// <see cref="ParseRecord"/> for a whitespace table: values separated by runs of spaces and tabs, a value holding
    /// spaces quoted; in a <see cref="_spacedColumns"/> column a value is three parts (a sexagesimal "12 34 56.7").
    /// </summary>
    private ParseOutcome ParseWhitespaceRecord(int pos, int expectedFields, out int next)
    {
        var data = _chars.AsSpan(0, _end);
        var len = data.Length;
        var p = pos;
        var parts = 0;
        next = pos;
        while (true)
        {
            while (p < len && data[p] is ' ' or '\t') p++;
            if (p == len && !_eof) return ParseOutcome.NeedMore;
            if (p == len || data[p] is '\r' or '\n') break;
            int start, length;
            var escaped = false;
            if (data[p] == '"')
            {
                var outcome = ClosingQuote(data, p, parts, expectedFields, out var close, out escaped);
                if (outcome != ParseOutcome.Record) return outcome;
                start = p + 1;
                length = close - start;
                p = close + 1;
                if (p == len && !_eof) return ParseOutcome.NeedMore;
                if (p < len && data[p] is not (' ' or '\t' or '\r' or '\n'))
                    throw Error(CatalogErrorKind.MalformedFile, expectedFields,
                        $"value {parts + 1} has text after its closing quote (a quote inside a quoted value is written \"\")");
            }
            else
            {
                var rel = data[p..].IndexOfAny(_fieldStops);
                if (rel < 0 && !_eof) return ParseOutcome.NeedMore;
                start = p;
                p = rel < 0 ? len : p + rel;
                length = p - start;
            }
            if (parts == _fieldStart.Length) GrowFields();
            _fieldStart[parts] = start;
            _fieldLength[parts] = length;
            _fieldEscaped[parts] = escaped;
            parts++;
        }
        next = p < len ? p + 1 : p;
        if (expectedFields < 0)
        {
            _columnCount = parts;
            return ParseOutcome.Record;
        }
        var expectedParts = expectedFields + (2 * _spacedCount);
        if (parts != expectedParts) throw WhitespaceCountError(parts, expectedFields, expectedParts);
        if (_spacedColumns is { } spaced) JoinSpacedValues(spaced);
        return ParseOutcome.Record;
    }

    // Each spaced column takes three parts, from its first's start to its third's end (the spaces as written).
    private void JoinSpacedValues(bool[] spaced)
    {
        var part = 0;
        for (var column = 0; column < spaced.Length; column++)
        {
            var start = _fieldStart[part];
            var last = spaced[column] ? part + 2 : part;
            _fieldLength[column] = _fieldStart[last] + _fieldLength[last] - start;
            _fieldStart[column] = start;
            _fieldEscaped[column] = spaced[column] ? false : _fieldEscaped[part];
            part = last + 1;
        }
    }

    private CatalogException WhitespaceCountError(int parts, int columns, int expectedParts)
    {
        var detail = $"the row has {parts} value{(parts == 1 ? "" : "s")} separated by whitespace but the header has {columns} columns";
        if (expectedParts != columns) detail += $" ({_spacedCount} of them sexagesimal values of three parts, {expectedParts} values in all)";
        if (parts > expectedParts)
            detail += ": in a whitespace-separated table a value holding spaces, such as a sexagesimal '12 34 56.7', is one value only "
                + "when it is quoted (\"12 34 56.7\"), written with colons (12:34:56.7), or when every row has it in the same column "
                + "and the header names the columns so (one name for the three parts)";
        return Error(CatalogErrorKind.MalformedFile, columns, detail);
    }

    /// <summary>
    /// Finds the quote closing the quoted field opening at <paramref name="open"/> (<c>""</c> escapes skipped).
    /// NeedMore when it may lie past the decoded data.
    /// </summary>
    private ParseOutcome ClosingQuote(ReadOnlySpan<char> data, int open, int field, int expectedFields, out int close, out bool escaped)
    {
        var len = data.Length;
        var q = open + 1;
        escaped = false;
        while (true)
        {
            var rel = data[q..].IndexOf('"');
            if (rel < 0)
            {
                close = -1;
                if (!_eof) return ParseOutcome.NeedMore;
                throw Error(CatalogErrorKind.TruncatedFile, expectedFields,
                    $"field {field + 1} opens a quote that is never closed before the end of the file");
            }
            close = q + rel;
            if (close + 1 == len && !_eof) return ParseOutcome.NeedMore; // a "" escape may straddle the refill
            if (close + 1 < len && data[close + 1] == '"')
            {
                escaped = true;
                q = close + 2;
                continue;
            }
            return ParseOutcome.Record;
        }
    }

    /// <summary>
    /// Splits one record starting at <paramref name="pos"/> into the field arrays. <paramref name="expectedFields"/>
    /// is the header's column count, or -1 while reading the header (then it sets <see cref="_columnCount"/>).
    /// </summary>
    private ParseOutcome ParseRecord(int pos, int expectedFields, out int next)
    {
        var data = _chars.AsSpan(0, _end);
        var len = data.Length;
        var p = pos;
        var field = 0;
        next = pos;
        while (true)
        {
            while (p < len && IsPadding(data[p])) p++;
            int start, length;
            var escaped = false;
            if (p < len && data[p] == '"')
            {
                var outcome = ClosingQuote(data, p, field, expectedFields, out var q, out escaped);
                if (outcome != ParseOutcome.Record) return outcome;
                start = p + 1;
                length = q - start;
                p = q + 1;
                while (p < len && IsPadding(data[p])) p++;
                if (p == len && !_eof) return ParseOutcome.NeedMore;
                if (p < len && data[p] != _separator && data[p] is not ('\r' or '\n'))
                    throw Error(CatalogErrorKind.MalformedFile, expectedFields,
                        $"field {field + 1} has text after its closing quote (a quote inside a quoted field is written \"\")");
            }
            else
            {
                var rel = data[p..].IndexOfAny(_fieldStops);
                if (rel < 0 && !_eof) return ParseOutcome.NeedMore;
                var stop = rel < 0 ? len : p + rel;
                start = p;
                var end = stop;
                while (end > start && IsPadding(data[end - 1])) end--;
                length = end - start;
                p = stop;
            }

            if (expectedFields >= 0 && field >= expectedFields)
                throw Error(CatalogErrorKind.MalformedFile, expectedFields,
                    $"the row has more fields than the {expectedFields} columns of the header");
            if (field == _fieldStart.Length) GrowFields();
            _fieldStart[field] = start;
            _fieldLength[field] = length;
            _fieldEscaped[field] = escaped;
            field++;

            // p is at a separator, a line end, or the end of the data (then _eof holds).
            if (p < len && data[p] == _separator)
            {
                p++;
                continue;
            }
            next = p < len ? p + 1 : p;
            if (expectedFields < 0)
            {
                _columnCount = field;
            }
            else if (field != expectedFields)
            {
                throw Error(CatalogErrorKind.MalformedFile, expectedFields,
                    $"the row has {field} field{(field == 1 ? "" : "s")} but the header has {expectedFields} columns");
            }
            return ParseOutcome.Record;
        }
    }

    private bool IsPadding(char c) => c == ' ' || (c == '\t' && _separator != '\t');

    private CatalogException Error(CatalogErrorKind kind, int expectedFields, string detail) =>
        expectedFields < 0
            ? new CatalogException(kind, FileName, "header: " + detail)
            : new CatalogException(kind, FileName, detail, Row + 1);

    private void GrowFields()
    {
        var size = _fieldStart.Length * 2;
        Array.Resize(ref _fieldStart, size);
        Array.Resize(ref _fieldLength, size);
        Array.Resize(ref _fieldEscaped, size);
    }

    /// <summary>Refills for a record that ran past the decoded data; refuses records beyond <see cref="MaxRecordChars"/>.</summary>
    private void FillOrFail(long? row)
    {
        if (_eof) throw new InvalidOperationException("NeedMore after the end of the data"); // parser bug guard
        if (_start == 0 && _end >= MaxRecordChars)
        {
            var where = row is null ? "the header line" : "the row";
            throw new CatalogException(CatalogErrorKind.MalformedFile, FileName,
                $"{where} is longer than {MaxRecordChars / (1024 * 1024)} M characters (an unclosed quote?)", row);
        }
        Fill();
    }

    /// <summary>Keeps [_start, _end), makes room (doubling when full), and decodes until the buffer is full or the stream ends.</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            _chars.AsSpan(_start, _end - _start).CopyTo(_chars);
            _end -= _start;
            _start = 0;
        }
        if (_chars.Length - _end < 4)
        {
            var bigger = System.Buffers.ArrayPool<char>.Shared.Rent(_chars.Length * 2);
            _chars.AsSpan(0, _end).CopyTo(bigger);
            System.Buffers.ArrayPool<char>.Shared.Return(_chars);
            _chars = bigger;
        }
        while (true)
        {
            if (_bytePos == _byteEnd && !_streamEnded)
            {
                _bytePos = 0;
                _byteEnd = _stream.Read(_bytes, 0, _bytes.Length);
                _streamEnded = _byteEnd == 0;
            }
            _decoder.Convert(_bytes.AsSpan(_bytePos, _byteEnd - _bytePos), _chars.AsSpan(_end), flush: _streamEnded,
                out var bytesUsed, out var charsUsed, out _);
            _bytePos += bytesUsed;
            _end += charsUsed;
            if (_streamEnded && _bytePos == _byteEnd)
            {
                _eof = true;
                return;
            }
            // Fill the buffer: a record that ran past it is parsed again from its start, so small reads
            // (a trickling network stream) must not mean many re-parses.
            if (_chars.Length - _end < 4) return;
        }
    }
}
