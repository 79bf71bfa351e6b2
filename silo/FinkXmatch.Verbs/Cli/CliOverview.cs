using System.CommandLine;
using System.Text;

namespace FinkXmatch.Silo.Cli;

/// <summary>
/// <c>finkxmatch help</c>: one usage line per command, generated from the command tree (its arguments and required
/// flags written out, the others as [options]), with what it does; each command's <c>--help</c> details its flags.
/// </summary>
public static class CliOverview
{
    public static string Text(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var text = new StringBuilder("finkxmatch: crossmatch astronomical catalogs with Fink alerts.\n\n");
        // The root is a command of its own only where it runs the service (the managed executable).
        var service = root.Action is not null;
        var commands = CommandTree.Verbs(root).Where(c => c.Name != "help");
        foreach (var command in service ? commands.Prepend(root) : commands)
        {
            text.Append("  ").AppendLine(Usage(command));
            text.Append("      ").AppendLine(command is RootCommand ? "run the service until Ctrl-C / SIGTERM (the settings: finkxmatch --help)" : FirstSentence(command.Description));
        }
        text.AppendLine();
        text.AppendLine(service ? "'finkxmatch COMMAND --help' lists a command's flags ('finkxmatch --help' the service's)."
            : "'finkxmatch COMMAND --help' lists a command's flags.");
        text.Append("Exit codes: 0 success, 2 bad input (one line on stderr), 1 failure.");
        return text.ToString();
    }

    // finkxmatch xmatch --datalake DIR --catalog FILE --radius-arcsec R [options]
    private static string Usage(Command command)
    {
        var words = new List<string> { "finkxmatch" };
        if (CommandTree.Path(command) is { Length: > 0 } path) words.Add(path);
        words.AddRange(command.Arguments.Select(a => a.Name));
        var flags = command.Options.Where(o => o is not System.CommandLine.Help.HelpOption and not VersionOption).ToList();
        words.AddRange(flags.Where(o => o.Required).Select(o => $"{o.Name} {o.HelpName}"));
        if (flags.Any(o => !o.Required)) words.Add("[options]");
        return string.Join(' ', words);
    }

    private static string FirstSentence(string? description)
    {
        var text = (description ?? "").ReplaceLineEndings(" ");
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text.TrimEnd('.') : text[..end];
    }
}
