namespace FinkXmatch.Core.Datalake;

/// <summary>The alert stream a datalake holds: ZTF's or Rubin's (LSST), whose schemas differ.</summary>
public enum Survey
{
    /// <summary>The Zwicky Transient Facility (<c>candidate.ra/dec</c>, <c>objectId</c>, <c>candid</c>).</summary>
    Ztf,

    /// <summary>The Vera C. Rubin Observatory's LSST (<c>diaSource.ra/dec</c>, <c>diaObjectId</c>, <c>diaSourceId</c>).</summary>
    Lsst,
}

/// <summary>The survey words users write (<c>ztf</c>, <c>lsst</c>).</summary>
public static class Surveys
{
    /// <summary>Every survey's word, in the order they are offered.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ztf", "lsst"];

    /// <summary>The word for <paramref name="survey"/>.</summary>
    public static string Name(this Survey survey) => survey == Survey.Lsst ? "lsst" : "ztf";

    /// <summary>The survey named <paramref name="name"/> (case-insensitive), or false.</summary>
    public static bool TryParse(string? name, out Survey survey)
    {
        var word = name?.Trim().ToLowerInvariant();
        survey = word == "lsst" ? Survey.Lsst : Survey.Ztf;
        return word is "ztf" or "lsst";
    }
}
