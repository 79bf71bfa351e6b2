using Orleans.Runtime;

namespace FinkXmatch.Grains.Users;

/// <summary>
/// Keeps the users and answers "whose token is this" for every request in tokens mode, from an in-memory index of the
/// active users' hashes built on activation. A revoked user keeps its record (the name and dates stay listed) and may
/// be added again with a new token.
/// </summary>
public sealed class UserRegistryGrain(
    [PersistentState("users", GrainStorage.Name)] IPersistentState<UserRegistryState> state,
    TimeProvider time,
    AuditLog audit) : Grain, IUserRegistryGrain
{
    private readonly Dictionary<string, string> _activeByHash = new(StringComparer.Ordinal);

    private Dictionary<string, RegisteredUser> Users => state.State.Users;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, user) in Users)
        {
            if (user.RevokedAt is null) _activeByHash[user.TokenHash] = name;
        }
        return Task.CompletedTask;
    }

    public async Task<bool> AddAsync(string name, string tokenHash, bool isOperator, string by)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        if (!UserNames.IsValid(name)) throw new ArgumentException($"user name must be {UserNames.Rule}", nameof(name));
        if (tokenHash is not { Length: 64 } || tokenHash.Any(c => !char.IsAsciiHexDigitLower(c)))
            throw new ArgumentException("the token hash must be 64 lower-case hex digits (SHA-256)", nameof(tokenHash));
        var action = isOperator ? "user-add-operator" : "user-add";
        if (Users.TryGetValue(name, out var existing) && existing.RevokedAt is null)
        {
            audit.Record(by, action, name, "refused: exists");
            return false;
        }
        if (_activeByHash.ContainsKey(tokenHash)) throw new ArgumentException("that token is already in use", nameof(tokenHash));
        Users[name] = new RegisteredUser { TokenHash = tokenHash, IsOperator = isOperator, CreatedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        _activeByHash[tokenHash] = name;
        audit.Record(by, action, name);
        return true;
    }

    public async Task<bool> RevokeAsync(string name, string by)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        if (!Users.TryGetValue(name, out var user) || user.RevokedAt is not null)
        {
            audit.Record(by, "user-revoke", name, "refused: no active user");
            return false;
        }
        // Out of the index first: from this call on, the token no longer opens anything, saved or not.
        _activeByHash.Remove(user.TokenHash);
        user.RevokedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        audit.Record(by, "user-revoke", name);
        return true;
    }

    public Task<UserRecord[]> ListAsync() =>
        Task.FromResult(Users.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => Record(u.Key, u.Value)).ToArray());

    public Task<UserRecord?> FindByTokenHashAsync(string tokenHash) =>
        Task.FromResult(_activeByHash.TryGetValue(tokenHash, out var name) ? Record(name, Users[name]) : null);

    private static UserRecord Record(string name, RegisteredUser user) => new(name, user.IsOperator, user.CreatedAt, user.RevokedAt);
}
