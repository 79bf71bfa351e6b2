namespace FinkXmatch.Service.Tests.Durable;

/// <summary>The durable-mode tests share one PostgreSQL server (each cluster gets its own database) and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
