using FinkXmatch.Api.Problems;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Grains.Catalogs;
using FinkXmatch.Grains.Settings;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FinkXmatch.Api.Catalogs;

/// <summary>
/// Receives one catalog upload: streams the multipart field <c>file</c> to disk (never buffering it in memory),
/// reads it with the core readers to count rows, preview and guess columns (and, with the guessed RA/Dec,
/// once more to count the rows whose coordinates are invalid and the fraction of sources inside ZTF's footprint), and stores its rows once, as Parquet, under its
/// catalog id (jobs and sky maps read that file; the upload itself is deleted). Refusals are <see cref="ApiProblem"/> (request shape, size) or <see cref="CatalogException"/>
/// (content).
/// </summary>
public sealed class CatalogIntake(CatalogStore store, IOptions<LimitOptions> options, TimeProvider clock)
{
    public const string FileField = "file";
    private const int PreviewRows = 10;

    /// <summary>Where an accepted catalog's file lies.</summary>
    public string StoredPath(StoredCatalog catalog) => store.CatalogPath(catalog.StoredFileName);

    public async Task<StoredCatalog> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var boundary = MultipartBoundary(request);
        // The size limit is ours (counted below, stated in the answer), not Kestrel's default 30 MB.
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = null;

        var reader = new MultipartReader(boundary, request.Body);
        while (await ReadSectionAsync(reader, cancellationToken) is { } section)
        {
            if (section.AsFileSection() is not { Name: FileField } file) continue;
            UploadFileName.Check(file.FileName);
            var fileName = UploadFileName.Clean(file.FileName);
            return await StoreAsync(file.FileStream ?? Stream.Null, fileName, limits, cancellationToken);
        }
        throw ApiProblem.BadRequest($"the form has no file field '{FileField}': send the catalog as multipart/form-data, e.g. curl -F {FileField}=@catalog.csv");
    }

    private async Task<StoredCatalog> StoreAsync(Stream body, string fileName, LimitOptions limits, CancellationToken cancellationToken)
    {
        // Refuse an unknown extension before receiving what could be gigabytes.
        CatalogReaders.RequireFormat(fileName);

        var catalogId = CatalogIds.New();
        store.EnsureDirectories();
        var uploadPath = store.UploadPath(catalogId);
        var convertingPath = store.ConvertingPath(catalogId);
        try
        {
            var bytes = await CopyWithLimitAsync(body, uploadPath, limits.MaxUploadBytes, fileName, cancellationToken);
            var summary = Inspect(uploadPath, fileName, limits.CatalogLimits());
            await ConvertAsync(uploadPath, fileName, convertingPath, cancellationToken);
            var storedFileName = catalogId + ".parquet";
            var storedPath = store.CatalogPath(storedFileName);
            File.Move(convertingPath, storedPath);
            try
            {
                var (footprint, invalid) = CatalogPositions.Survey(storedPath, fileName, summary.Guess, limits.CatalogLimits());
                return new StoredCatalog(CatalogInfoFactory.Create(catalogId, summary, footprint) with { InvalidCoordinates = invalid }, storedFileName, bytes,
                    clock.GetUtcNow());
            }
            catch
            {
                File.Delete(storedPath);
                throw;
            }
        }
        finally
        {
            // The upload is not kept; the Parquet copy is gone already when accepted, removed here when refused or interrupted.
            File.Delete(uploadPath);
            File.Delete(convertingPath);
        }
    }

    private static async Task<long> CopyWithLimitAsync(Stream body, string path, long maxBytes, string fileName, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await ReadBodyAsync(body, buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw LimitProblems.Exceeded(StatusCodes.Status413PayloadTooLarge, nameof(LimitOptions.MaxUploadBytes),
                    $"{fileName} is larger than {LimitProblems.Bytes(maxBytes)}, the largest upload accepted");
            }
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return total;
    }

    private static async Task<int> ReadBodyAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // A malformed multipart body or a client that stopped sending (BadHttpRequestException is an IOException).
            throw ApiProblem.BadRequest($"the upload ended early or is malformed: {e.Message}");
        }
    }

    private static CatalogSummary Inspect(string path, string fileName, CatalogLimits catalogLimits)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = CatalogReaders.Open(stream, fileName);
        var summary = CatalogInspector.Inspect(reader, PreviewRows, catalogLimits);
        if (summary.Rows == 0)
            throw new CatalogException(CatalogErrorKind.EmptyFile, fileName, "the catalog has no data rows");
        return summary;
    }

    // Every format is stored once as Parquet, so that jobs and sky maps read one fast columnar format.
    private static async Task ConvertAsync(string uploadPath, string fileName, string convertingPath, CancellationToken cancellationToken)
    {
        var input = new FileStream(uploadPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = CatalogReaders.Open(input, fileName);
        await using var output = new FileStream(convertingPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        await CatalogParquetWriter.WriteAsync(reader, output, cancellationToken);
    }

    private static string MultipartBoundary(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiProblem.BadRequest(
                $"expected multipart/form-data with the catalog in field '{FileField}', got {(string.IsNullOrEmpty(request.ContentType) ? "no content type" : $"'{request.ContentType}'")}");
        }
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) throw ApiProblem.BadRequest("the multipart/form-data content type has no boundary");
        return boundary;
    }

    private static async Task<MultipartSection?> ReadSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // MultipartReader reports a truncated body as IOException ("Unexpected end of Stream..."), and section
            // headers over its limits (16 headers, 16 KiB) as InvalidDataException.
            throw ApiProblem.BadRequest($"the multipart body is malformed: {e.Message}");
        }
    }
}
