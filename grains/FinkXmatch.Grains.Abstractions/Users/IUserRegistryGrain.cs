using Orleans.Concurrency;

namespace FinkXmatch.Grains.Users;

/// <summary>
/// The cluster's users for <c>Auth:Mode=tokens</c>: each name with the SHA-256 hash of its API token (never the token,
/// which the issuer shows once), whether it is an operator, and when it was made or revoked. Kept in grain storage, so
/// in memory for one process and in PostgreSQL for a durable cluster.
/// </summary>
[Alias("FinkXmatch.IUserRegistryGrain")]
public interface IUserRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>The one register of the cluster.</summary>
    public const long ClusterKey = 0;

    /// <summary>
    /// Adds a user with the hash of its token; false when a user of that name exists and is not revoked.
    /// <paramref name="by"/> names who asked, for the audit log.
    /// </summary>
    [Alias("Add")]
    Task<bool> AddAsync(string name, string tokenHash, bool isOperator, string by);

    /// <summary>Revokes a user's token at once; false when no active user has that name.</summary>
    [Alias("Revoke")]
    Task<bool> RevokeAsync(string name, string by);

    /// <summary>Every user, revoked ones too, by name.</summary>
    [Alias("List"), ReadOnly]
    Task<UserRecord[]> ListAsync();

    /// <summary>The active user whose token has this hash, or null (unknown or revoked token).</summary>
    [Alias("FindByTokenHash"), ReadOnly]
    Task<UserRecord?> FindByTokenHashAsync(string tokenHash);
}

/// <summary>A user as the register shows it (no hash).</summary>
[GenerateSerializer, Immutable]
public sealed record UserRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] bool IsOperator,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset? RevokedAt);
