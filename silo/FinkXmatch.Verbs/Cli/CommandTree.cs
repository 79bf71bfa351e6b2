using System.CommandLine;

namespace FinkXmatch.Silo.Cli;

/// <summary>The verbs of the command tree and the words that name them, for the overview and the error lines.</summary>
public static class CommandTree
{
    /// <summary>A command's words after <c>finkxmatch</c>: <c>datalake generate</c>.</summary>
    public static string Path(Command command)
    {
        var words = new List<string>();
        for (Symbol? s = command; s is Command c && c is not RootCommand; s = s.Parents.FirstOrDefault()) words.Insert(0, c.Name);
        return string.Join(' ', words);
    }

    /// <summary>The commands that do something (leaves and those with an action), in declaration order.</summary>
    public static IEnumerable<Command> Verbs(Command parent)
    {
        foreach (var command in parent.Subcommands)
        {
            if (command.Action is not null) yield return command;
            foreach (var verb in Verbs(command)) yield return verb;
        }
    }
}
