using System.CommandLine;
using System.CommandLine.Parsing;

namespace FinkXmatch.Silo.Cli;

/// <summary>
/// The one line that a command line System.CommandLine refused gets on stderr (exit 2), instead of its list of
/// errors followed by the help: the first problem, naming the flag, in the words the verbs use for their own checks.
/// </summary>
public static class CliErrors
{
    /// <summary>The one line saying what is wrong with the command line, or null when nothing is.</summary>
    public static string? Problem(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        // "[x]" before the verb is a directive to System.CommandLine, dropped when unknown; none is declared here.
        if (parse.Tokens.FirstOrDefault(t => t.Type == TokenType.Directive) is { } directive) return Unmatched(parse.RootCommandResult.Command, directive.Value);
        // A service flag before a verb would be parsed as the service's and then dropped by the verb: refused instead.
        if (parse.CommandResult != parse.RootCommandResult
            && parse.RootCommandResult.Children.OfType<OptionResult>().FirstOrDefault(o => !o.Implicit && o.Option is not System.CommandLine.Help.HelpOption and not VersionOption) is { } early)
            return $"{early.Option.Name} comes after the command: finkxmatch {CommandTree.Path(parse.CommandResult.Command)} {early.Option.Name} ...";
        if (parse.Errors.Count == 0) return null;
        // A typo first: what follows an unknown flag is usually its value, unmatched too.
        if (parse.UnmatchedTokens.Count > 0) return Unmatched(parse.CommandResult.Command, parse.UnmatchedTokens[0]);
        // Then what was typed wrong, before a required flag that is missing.
        var error = parse.Errors.OrderBy(e => e.SymbolResult is OptionResult { Implicit: true } ? 1 : 0).First();
        return error.SymbolResult switch
        {
            OptionResult option => OptionProblem(option, error.Message),
            ArgumentResult { Parent: CommandResult command } argument => $"{CommandTree.Path(command.Command)} {argument.Argument.Name}: " +
                (argument.Tokens.Count == 0 ? $"give {argument.Argument.Description}" : error.Message),
            CommandResult { Command: RootCommand { Action: null } root } =>
                $"give a command: {string.Join(", ", CommandTree.Verbs(root).Select(CommandTree.Path))}",
            CommandResult { Command: { Action: null, Subcommands.Count: > 0 } command } =>
                $"'{CommandTree.Path(command)}' needs a command: {string.Join(", ", command.Subcommands.Select(CommandTree.Path))}",
            _ => error.Message,
        };
    }

    private static string Unmatched(Command command, string token)
    {
        var path = CommandTree.Path(command);
        if (token.StartsWith('-'))
            return path.Length == 0 ? $"unknown option {token} for 'finkxmatch' (see 'finkxmatch --help')"
                : $"unknown option {token} for '{path}' (see 'finkxmatch {path} --help')";
        if (command is RootCommand root)
            return $"unknown command '{token}'; commands: {string.Join(", ", CommandTree.Verbs(root).Select(CommandTree.Path))}";
        return $"unexpected argument '{token}': options are written --name value";
    }

    private static string OptionProblem(OptionResult result, string message)
    {
        var option = result.Option;
        if (result.Implicit && option.Required) return $"missing {option.Name} ({option.Description})";
        if (result.IdentifierTokenCount > 1 && option.Arity.MaximumNumberOfValues == 1) return $"option {option.Name} is given twice";
        if (result.Tokens.Count == 0 && option.Arity.MinimumNumberOfValues > 0) return $"option {option.Name} needs a value";
        return message;
    }
}
