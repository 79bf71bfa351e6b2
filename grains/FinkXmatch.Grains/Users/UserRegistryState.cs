namespace FinkXmatch.Grains.Users;

/// <summary>The persisted state of the <see cref="UserRegistryGrain"/>: user name → token hash and role.</summary>
[GenerateSerializer]
public sealed class UserRegistryState
{
    [Id(0)] public Dictionary<string, RegisteredUser> Users { get; set; } = [];
}

/// <summary>One user as stored: the hash of its token, never the token.</summary>
[GenerateSerializer]
public sealed class RegisteredUser
{
    [Id(0)] public string TokenHash { get; set; } = "";
    [Id(1)] public bool IsOperator { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset? RevokedAt { get; set; }
}
