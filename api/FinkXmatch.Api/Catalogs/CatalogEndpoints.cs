using FinkXmatch.Api.Auth;
using FinkXmatch.Api.Problems;
using FinkXmatch.Core.Catalogs;
using FinkXmatch.Core.Storage;
using FinkXmatch.Grains.Catalogs;
using FinkXmatch.Grains.Settings;
using FinkXmatch.Grains.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace FinkXmatch.Api.Catalogs;

/// <summary><c>POST /catalogs</c>, <c>GET /catalogs/{catalogId}</c> and its sky map (CONTRACT §2).</summary>
public static class CatalogEndpoints
{
    public static RouteGroupBuilder MapCatalogEndpoints(this RouteGroupBuilder api)
    {
        var catalogs = api.MapGroup("/catalogs").WithTags("Catalogs");

        catalogs.MapPost("/", UploadAsync)
            .WithName("UploadCatalog")
            .WithSummary("Upload a catalog (CSV/TSV, Parquet, VOTable, FITS binary table) as multipart field 'file'")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The body is streamed by hand (no IFormFile buffering), so describe the form here.
                operation.RequestBody = MultipartFileBody();
                return Task.CompletedTask;
            });

        catalogs.MapGet("/{catalogId}", GetAsync)
            .WithName("GetCatalog")
            .WithSummary("A catalog's rows, columns, preview and guessed coordinate columns")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);

        catalogs.MapSkyMapEndpoint();
        return api;
    }

    private static async Task<Results<Created<CatalogInfo>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, CatalogIntake intake, IGrainFactory grains, IOptions<DataDirectoryOptions> data, IOptions<AuthOptions> auth,
        CancellationToken cancellationToken)
    {
        var caller = request.HttpContext.Caller();
        // Quotas are per user; without sign-in there is one local user and only the per-upload limits apply.
        var quota = auth.Value.Mode == AuthMode.None ? null : grains.GetGrain<IUserQuotaGrain>(caller.Name);
        if (quota is not null && await quota.ReserveUploadAsync() is { } refused)
            return ProblemResults.From(UserQuotaProblems.Upload(refused, caller), request.HttpContext.Response);
        StoredCatalog catalog;
        try
        {
            catalog = await intake.ReceiveAsync(request, cancellationToken) with { Owner = caller.Name };
        }
        catch (IOException error) when (DiskFull.Is(error))
        {
            // The intake removed what it had written of the upload.
            return ProblemResults.DiskFull(
                $"the data directory {Path.GetFullPath(data.Value.DataDirectory)} is full: the upload was not kept; try again once an operator has freed space there");
        }
        catch (ApiProblem problem)
        {
            return ProblemResults.From(problem);
        }
        catch (CatalogException error)
        {
            return ProblemResults.From(error);
        }
        if (quota is not null && await quota.StoreAsync(catalog.Info.CatalogId, new FileInfo(intake.StoredPath(catalog)).Length) is { } full)
        {
            File.Delete(intake.StoredPath(catalog));
            return ProblemResults.From(UserQuotaProblems.Upload(full, caller), request.HttpContext.Response);
        }
        try
        {
            await grains.GetGrain<ICatalogGrain>(catalog.Info.CatalogId).RegisterAsync(catalog);
        }
        catch
        {
            // Not registered (e.g. the state store is down): no file may stay behind that nothing points to.
            File.Delete(intake.StoredPath(catalog));
            throw;
        }
        return TypedResults.Created($"{request.PathBase}/api/v1/catalogs/{catalog.Info.CatalogId}", catalog.Info);
    }

    private static async Task<Results<Ok<CatalogInfo>, ProblemHttpResult>> GetAsync(string catalogId, HttpContext http, IGrainFactory grains,
        IOptions<RetentionOptions> retention)
    {
        var caller = http.Caller();
        if (await CatalogAccess.FindAsync(grains, catalogId, caller) is { } catalog) return TypedResults.Ok(catalog.Info);
        if (await CatalogAccess.ExpiredAtAsync(grains, catalogId, caller) is { } expiredAt)
            return TypedResults.Problem(ExpiredDetail(catalogId, expiredAt, retention.Value), statusCode: StatusCodes.Status410Gone, title: "Catalog expired");
        return UnknownCatalog(catalogId);
    }

    /// <summary>Why an expired catalog is gone, and what to do.</summary>
    public static string ExpiredDetail(string catalogId, DateTimeOffset expiredAt, RetentionOptions retention) =>
        $"catalog '{catalogId}' has expired: uploaded catalogs are kept {RetentionText.Describe(retention.CatalogRetention)}, and this one was deleted at {expiredAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}; upload it again with POST /api/v1/catalogs";

    private static ProblemHttpResult UnknownCatalog(string catalogId) =>
        ProblemResults.NotFound(ProblemResults.NoCatalog(catalogId));

    private static OpenApiRequestBody MultipartFileBody() => new()
    {
        Required = true,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { CatalogIntake.FileField },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        [CatalogIntake.FileField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                    },
                },
            },
        },
    };
}
