using System.CommandLine;
using System.Globalization;
using FinkXmatch.Grains.Users;
using FinkXmatch.Silo.Cli;
using FinkXmatch.Silo.Hosting;

namespace FinkXmatch.Silo.Commands;

/// <summary>
/// <c>finkxmatch users add NAME [--operator]</c>, <c>users list</c>, <c>users revoke NAME</c>: the users of
/// <c>Auth:Mode=tokens</c>, changed in the running cluster's storage through an Orleans client
/// (<see cref="ClusterClientConnection"/>). <c>add</c> makes the token here and sends only its hash; the token is
/// printed once, alone on stdout, so that <c>TOKEN=$(finkxmatch users add alice)</c> keeps it.
/// </summary>
public static class UsersCommand
{
    /// <summary><c>users add</c>, <c>users list</c>, <c>users revoke</c>, finding the cluster by <paramref name="service"/>'s flags.</summary>
    public static Command Create(ServiceFlags service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var users = new Command("users", "the API tokens (Auth:Mode=tokens) of the running cluster");

        var addName = UserName();
        var isOperator = CliOptions.Flag("operator", "the user may see and cancel every user's jobs");
        var add = Verb("add", "add a user and print its API token, shown this once", addName, isOperator);
        add.SetAction((args, cancel) => AddAsync(args.GetRequiredValue(addName), args.GetValue(isOperator), service.ClusterClientConfiguration(args), cancel));

        var list = Verb("list", "list the users, with their role, creation and revocation times");
        list.SetAction((args, cancel) => ListAsync(service.ClusterClientConfiguration(args), cancel));

        var revokeName = UserName();
        var revoke = Verb("revoke", "revoke a user: its token no longer opens anything", revokeName);
        revoke.SetAction((args, cancel) => RevokeAsync(args.GetRequiredValue(revokeName), service.ClusterClientConfiguration(args), cancel));

        users.Subcommands.Add(add);
        users.Subcommands.Add(list);
        users.Subcommands.Add(revoke);
        return users;

        Command Verb(string name, string description, params Symbol[] symbols)
        {
            var verb = new Command(name, description);
            foreach (var symbol in symbols)
            {
                if (symbol is Argument argument) verb.Arguments.Add(argument);
                else verb.Options.Add((Option)symbol);
            }
            foreach (var flag in service.ClusterClient) verb.Options.Add(flag);
            return verb;
        }
    }

    private static Argument<string> UserName()
    {
        var name = new Argument<string>("NAME") { Description = $"the user's name ({UserNames.Rule})" };
        name.Validators.Add(result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (text is not null && !UserNames.IsValid(text)) result.AddError($"'{text}' is not a user name: use {UserNames.Rule}");
        });
        return name;
    }

    private static async Task<int> AddAsync(string name, bool isOperator, IReadOnlyDictionary<string, string?> cluster, CancellationToken cancel)
    {
        var token = ApiToken.New();
        var added = await WithRegistryAsync(cluster, r => r.AddAsync(name, ApiToken.Hash(token), isOperator, By), cancel);
        if (!added) throw new UsageException($"user '{name}' exists: revoke it first (finkxmatch users revoke {name}) to give it a new token");
        Console.Error.WriteLine($"user {name} added{(isOperator ? " (operator)" : "")}; its API token, shown this once:");
        Console.WriteLine(token);
        return CliApp.Ok;
    }

    private static async Task<int> ListAsync(IReadOnlyDictionary<string, string?> cluster, CancellationToken cancel)
    {
        var users = await WithRegistryAsync(cluster, r => r.ListAsync(), cancel);
        foreach (var user in users)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{user.Name}\t{(user.IsOperator ? "operator" : "user")}\tcreated {user.CreatedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}\t{(user.RevokedAt is { } r ? $"revoked {r:yyyy-MM-dd'T'HH:mm:ss'Z'}" : "active")}"));
        }
        if (users.Length == 0) Console.Error.WriteLine("no users yet: finkxmatch users add NAME [--operator]");
        return CliApp.Ok;
    }

    private static async Task<int> RevokeAsync(string name, IReadOnlyDictionary<string, string?> cluster, CancellationToken cancel)
    {
        if (!await WithRegistryAsync(cluster, r => r.RevokeAsync(name, By), cancel))
            throw new UsageException($"no active user '{name}' (finkxmatch users list shows them)");
        Console.Error.WriteLine($"user {name} revoked: its token no longer opens anything");
        return CliApp.Ok;
    }

    // Who asked, for the audit line the cluster writes.
    private static string By => $"cli:{Environment.UserName}";

    private static async Task<T> WithRegistryAsync<T>(IReadOnlyDictionary<string, string?> flags, Func<IUserRegistryGrain, Task<T>> act, CancellationToken cancel)
    {
        var (host, client) = await ClusterClientConnection.ConnectAsync(flags, cancel);
        using (host)
        {
            var result = await act(client.GetGrain<IUserRegistryGrain>(IUserRegistryGrain.ClusterKey));
            await host.StopAsync(CancellationToken.None);
            return result;
        }
    }
}
