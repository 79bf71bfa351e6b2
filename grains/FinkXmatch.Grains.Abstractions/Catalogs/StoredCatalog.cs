namespace FinkXmatch.Grains.Catalogs;

/// <summary>
/// A catalog as the service keeps it: the public <see cref="Info"/> and where its file lies. The file holds the
/// upload's rows once, rewritten as Parquet (the core library's <c>CatalogParquetWriter</c>), named
/// <see cref="StoredFileName"/> inside the data directory's <c>catalogs/</c> folder; job grains read it with the core
/// catalog readers. <see cref="Bytes"/> is the size of the upload as received. <see cref="Owner"/> is the user who
/// uploaded it (null for catalogs uploaded before users existed: operators only see those).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StoredCatalog(
    [property: Id(0)] CatalogInfo Info,
    [property: Id(1)] string StoredFileName,
    [property: Id(2)] long Bytes,
    [property: Id(3)] DateTimeOffset UploadedAt,
    [property: Id(4)] string? Owner = null);
