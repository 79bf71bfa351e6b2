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

    /// <summary>The current row's coordinate in degrees, or a <see cref="CatalogException"/> on the first problem.</summary>
    public double Read(ICatalogReader reader)
    {
        if (reader.IsNull(_index)) throw Fail(reader, CatalogErrorKind.UnparsableNumber, $"the {What} is empty");

        double value;
        if (_isNumeric)
        {
            if (!reader.TryGetDouble(_index, out value))
            {
                throw Fail(reader, CatalogErrorKind.UnparsableNumber,
                    $"'{CatalogException.Quote(reader.GetText(_index))}' is not a valid {What} in degrees");
            }
        }
        else if (_format == CoordinateFormat.Degrees && reader.TryGetDouble(_index, out value))
        {
            // Fast path: the reader parses the number in place, no string per row.
        }
        else
        {
            value = ParseText(reader);
        }

        if (!double.IsFinite(value))
        {
            throw Fail(reader, CatalogErrorKind.NotANumber, $"the {What} is {Describe(value)}, not a number of degrees");
        }
        if (_isRa && !(value >= 0 && value < 360))
        {
            throw Fail(reader, CatalogErrorKind.RaOutOfRange,
                $"right ascension {Show(value)} degrees is outside [0, 360)");
        }
        if (!_isRa && !(value >= -90 && value <= 90))
        {
            throw Fail(reader, CatalogErrorKind.DecOutOfRange,
                $"declination {Show(value)} degrees is outside [-90, 90]");
        }
        return value;
    }

    private double ParseText(ICatalogReader reader)
    {
        var text = reader.GetText(_index);
        if (_format == CoordinateFormat.Auto) _format = CoordinateParser.Detect(text);

        var parsed = _isRa
            ? CoordinateParser.TryParseRa(text, _format, out var value)
            : CoordinateParser.TryParseDec(text, _format, out value);
        if (parsed) return value;

        // Tell NaN/infinity apart from plain garbage: they need a different fix.
        var trimmed = CoordinateParser.Trim(text);
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && !double.IsFinite(number))
        {
            return number;
        }
        if (_isRa && _format == CoordinateFormat.Sexagesimal
            && CoordinateParser.TryParseDec(trimmed, CoordinateFormat.Sexagesimal, out var signed) && signed < 0)
        {
            throw Fail(reader, CatalogErrorKind.RaOutOfRange, $"right ascension '{CatalogException.Quote(text)}' is negative");
        }
        var expected = _format == CoordinateFormat.Sexagesimal
            ? (_isRa ? "in sexagesimal hours (HH:MM:SS.s)" : "in sexagesimal degrees (+DD:MM:SS.s)")
            : "in degrees";
        throw Fail(reader, CatalogErrorKind.UnparsableNumber, $"'{CatalogException.Quote(text)}' is not a valid {What} {expected}");
    }

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : "infinite";

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private CatalogException Fail(ICatalogReader reader, CatalogErrorKind kind, string detail)
        => new(kind, _fileName, detail, reader.Row, _name);
}
