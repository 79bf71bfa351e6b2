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
    public static async Task<int> AddAsync(string[] args, CancellationToken cancel)
    {
        var (name, options) = Named(args, "users add");
        var isOperator = options.Flag("operator");
        var flags = ClusterClientConnection.ReadFlags(options);
        options.EnsureAllUsed("users add");
        var token = ApiToken.New();
        var added = await WithRegistryAsync(flags, r => r.AddAsync(name, ApiToken.Hash(token), isOperator, By), cancel);
        if (!added) throw new UsageException($"user '{name}' exists: revoke it first (finkxmatch users revoke {name}) to give it a new token");
        Console.Error.WriteLine($"user {name} added{(isOperator ? " (operator)" : "")}; its API token, shown this once:");
        Console.WriteLine(token);
        return CliApp.Ok;
    }

    public static async Task<int> ListAsync(string[] args, CancellationToken cancel)
    {
        var options = new CliArguments(args);
        var flags = ClusterClientConnection.ReadFlags(options);
        options.EnsureAllUsed("users list");
        var users = await WithRegistryAsync(flags, r => r.ListAsync(), cancel);
        foreach (var user in users)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{user.Name}\t{(user.IsOperator ? "operator" : "user")}\tcreated {user.CreatedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}\t{(user.RevokedAt is { } r ? $"revoked {r:yyyy-MM-dd'T'HH:mm:ss'Z'}" : "active")}"));
        }
        if (users.Length == 0) Console.Error.WriteLine("no users yet: finkxmatch users add NAME [--operator]");
        return CliApp.Ok;
    }

    public static async Task<int> RevokeAsync(string[] args, CancellationToken cancel)
    {
        var (name, options) = Named(args, "users revoke");
        var flags = ClusterClientConnection.ReadFlags(options);
        options.EnsureAllUsed("users revoke");
        if (!await WithRegistryAsync(flags, r => r.RevokeAsync(name, By), cancel))
            throw new UsageException($"no active user '{name}' (finkxmatch users list shows them)");
        Console.Error.WriteLine($"user {name} revoked: its token no longer opens anything");
        return CliApp.Ok;
    }

    // Who asked, for the audit line the cluster writes.
    private static string By => $"cli:{Environment.UserName}";

    private static (string Name, CliArguments Options) Named(string[] args, string verb)
    {
        if (args.Length == 0 || args[0].StartsWith('-')) throw new UsageException($"{verb} NAME: give the user's name first ({UserNames.Rule})");
        if (!UserNames.IsValid(args[0])) throw new UsageException($"{verb}: '{args[0]}' is not a user name: use {UserNames.Rule}");
        return (args[0], new CliArguments(args[1..]));
    }

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
