namespace FinkXmatch.Grains.Settings;

/// <summary>
/// The <c>FinkXmatch</c> configuration section (appsettings.json, environment <c>FINKXMATCH__NAME</c>, or the host's
/// command-line flags). Its keys are flat (<c>FinkXmatch:MaxFields</c>); each options class of this folder binds the
/// keys of one concern from it, so that a consumer takes only the settings it needs.
/// </summary>
public static class FinkXmatchSection
{
    public const string Name = "FinkXmatch";

    /// <summary>The configuration key of a setting, as an operator writes it: <c>FinkXmatch:MaxFields</c>.</summary>
    public static string Key(string member) => $"{Name}:{member}";
}
