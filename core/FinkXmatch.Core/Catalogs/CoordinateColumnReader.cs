using System.Globalization;
using FinkXmatch.Core.Sky;

namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Reads and validates one coordinate (RA or Dec) per row from one column. Numeric columns hold degrees; for a text
/// column in <see cref="CoordinateFormat.Auto"/> the notation is fixed by its first non-empty value.
/// </summary>
internal sealed class CoordinateColumnReader
{
    private readonly int _index;
    private readonly string _name;
    private readonly bool _isRa;
    private readonly bool _isNumeric;
    private readonly string _fileName;
    private CoordinateFormat _format;

    public CoordinateColumnReader(IReadOnlyList<CatalogColumn> columns, int index, bool isRa,
        CoordinateFormat format, string fileName)
    {
        _index = index;
        _name = columns[index].Name;
        _isRa = isRa;
        _isNumeric = columns[index].IsNumeric;
        _fileName = fileName;
        // A native number cannot be sexagesimal whatever was asked.
        _format = _isNumeric ? CoordinateFormat.Degrees : format;
    }

    private string What => _isRa ? "right ascension" : "declination";

    /// <summary>The notation in use; Auto until the first non-empty text value has been seen.</summary>
    public CoordinateFormat Format => _format;

    /// <summary>The column's name as written in the file.</summary>
    public string Name => _name;

    /// <summary>The column's index in the reader's columns.</summary>
    public int Index => _index;

    /// <summary>The current row's coordinate in degrees, or a <see cref="CatalogException"/> on the first problem.</summary>
    public double Read(ICatalogReader reader) =>
        TryRead(reader, out var value, out var problem) ? value : throw Fail(reader, problem.Kind, problem.Detail);

    /// <summary>The current row's coordinate in degrees, or false with what is wrong with it (no exception, for counting bad rows).</summary>
    public bool TryRead(ICatalogReader reader, out double value, out (CatalogErrorKind Kind, string Detail) problem)
    {
        problem = default;
        if (reader.IsNull(_index))
        {
            value = 0;
            problem = (CatalogErrorKind.UnparsableNumber, $"the {What} is empty");
            return false;
        }

        if (_isNumeric)
        {
            if (!reader.TryGetDouble(_index, out value))
            {
                problem = (CatalogErrorKind.UnparsableNumber, $"'{CatalogException.Quote(reader.GetText(_index))}' is not a valid {What} in degrees");
                return false;
            }
        }
        else if (_format == CoordinateFormat.Degrees && reader.TryGetDouble(_index, out value))
        {
            // Fast path: the reader parses the number in place, no string per row.
        }
        else if (!TryParseText(reader, out value, out problem))
        {
            return false;
        }

        if (!double.IsFinite(value))
            problem = (CatalogErrorKind.NotANumber, $"the {What} is {Describe(value)}, not a number of degrees");
        else if (_isRa && !(value >= 0 && value < 360))
            problem = (CatalogErrorKind.RaOutOfRange, $"right ascension {Show(value)} degrees is outside [0, 360)");
        else if (!_isRa && !(value >= -90 && value <= 90))
            problem = (CatalogErrorKind.DecOutOfRange, $"declination {Show(value)} degrees is outside [-90, 90]");
        return problem.Detail is null;
    }

    private bool TryParseText(ICatalogReader reader, out double value, out (CatalogErrorKind Kind, string Detail) problem)
    {
        problem = default;
        var text = reader.GetText(_index);
        if (_format == CoordinateFormat.Auto) _format = CoordinateParser.Detect(text);

        var parsed = _isRa
            ? CoordinateParser.TryParseRa(text, _format, out value)
            : CoordinateParser.TryParseDec(text, _format, out value);
        if (parsed) return true;

        // Tell NaN/infinity apart from plain garbage: they need a different fix.
        var trimmed = CoordinateParser.Trim(text);
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && !double.IsFinite(number))
        {
            value = number;
            return true;
        }
        if (_isRa && _format == CoordinateFormat.Sexagesimal
            && CoordinateParser.TryParseDec(trimmed, CoordinateFormat.Sexagesimal, out var signed) && signed < 0)
        {
            problem = (CatalogErrorKind.RaOutOfRange, $"right ascension '{CatalogException.Quote(text)}' is negative");
            return false;
        }
        var expected = _format == CoordinateFormat.Sexagesimal
            ? (_isRa ? "in sexagesimal hours (HH:MM:SS.s)" : "in sexagesimal degrees (+DD:MM:SS.s)")
            : "in degrees";
        problem = (CatalogErrorKind.UnparsableNumber, $"'{CatalogException.Quote(text)}' is not a valid {What} {expected}");
        return false;
    }

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : "infinite";

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private CatalogException Fail(ICatalogReader reader, CatalogErrorKind kind, string detail)
        => new(kind, _fileName, detail, reader.Row, _name);
}
