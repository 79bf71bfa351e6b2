using System.Globalization;
using FinkXmatch.Api.Problems;
using FinkXmatch.Api.Xmatch;
using FinkXmatch.Core.Matching;
using FinkXmatch.Grains.Settings;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace FinkXmatch.Api;

/// <summary>
/// Writes the limits in force into the OpenAPI document: the XmatchRequest's radius range and most fields, and on each
/// endpoint that has limits, what they are and their configuration keys (README "Limits").
/// </summary>
public static class OpenApiLimits
{
    public static void Add(OpenApiOptions openApi)
    {
        ArgumentNullException.ThrowIfNull(openApi);
        openApi.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type != typeof(XmatchRequest) || schema.Properties is null) return Task.CompletedTask;
            var limits = Limits(context.ApplicationServices);
            if (Property(schema, "radiusArcsec") is { } radius)
            {
                radius.ExclusiveMinimum = "0";
                radius.Maximum = MatchLimits.MaxRadiusArcsec.ToString(CultureInfo.InvariantCulture);
            }
            if (Property(schema, "fields") is { } fields)
            {
                fields.MaxItems = limits.MaxFields;
                fields.Description = $"at most {limits.MaxFields} ({FinkXmatchSection.Key(nameof(LimitOptions.MaxFields))})";
            }
            return Task.CompletedTask;
        });
        openApi.AddOperationTransformer((operation, context, _) =>
        {
            var limits = Limits(context.ApplicationServices);
            var text = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName switch
            {
                "UploadCatalog" => $"Limits: {Limit(LimitProblems.Bytes(limits.MaxUploadBytes), nameof(LimitOptions.MaxUploadBytes))} per upload, "
                    + $"{Limit(LimitProblems.Count(limits.MaxCatalogRows) + " rows", nameof(LimitOptions.MaxCatalogRows))} (413 over either), "
                    + $"{Limit(LimitProblems.Count(limits.MaxCatalogColumns) + " columns", nameof(LimitOptions.MaxCatalogColumns))} (422); "
                    + $"signed in, {Limit(LimitProblems.Count(limits.MaxUploadsPerUserPerDay) + " uploads per user per UTC day", nameof(LimitOptions.MaxUploadsPerUserPerDay))} "
                    + $"and {Limit(LimitProblems.Bytes(limits.MaxStoredBytesPerUser) + " of stored catalogs and job results per user", nameof(LimitOptions.MaxStoredBytesPerUser))} (429 with Retry-After).",
                "SubmitXmatch" => $"Limits: 0 < radiusArcsec <= {MatchLimits.MaxRadiusArcsec.ToString(CultureInfo.InvariantCulture)}, "
                    + $"{Limit(LimitProblems.Count(limits.MaxFields) + " fields", nameof(LimitOptions.MaxFields))}, "
                    + $"{Limit(LimitProblems.Bytes(limits.MaxRequestBodyBytes) + " of JSON", nameof(LimitOptions.MaxRequestBodyBytes))} (413), "
                    + $"{Limit(LimitProblems.Count(limits.MaxUnfinishedJobsPerClient) + " queued or running jobs per user (per client IP address without sign-in)", nameof(LimitOptions.MaxUnfinishedJobsPerClient))} (429 with Retry-After) "
                    + $"and {Limit(LimitProblems.Count(limits.MaxUnfinishedJobs) + " in all", nameof(LimitOptions.MaxUnfinishedJobs))} (422); "
                    + $"signed in, a user holding {Limit(LimitProblems.Bytes(limits.MaxStoredBytesPerUser) + " of stored catalogs and job results", nameof(LimitOptions.MaxStoredBytesPerUser))} already is refused (429 with Retry-After). "
                    + $"Over a limit the problem's 'limit' member is the configuration key.",
                _ => null,
            };
            if (text is not null) operation.Description = text;
            return Task.CompletedTask;
        });
    }

    private static string Limit(string value, string setting) => $"{value} ({FinkXmatchSection.Key(setting)})";

    private static LimitOptions Limits(IServiceProvider services) => services.GetRequiredService<IOptions<LimitOptions>>().Value;

    private static OpenApiSchema? Property(OpenApiSchema schema, string name) =>
        schema.Properties!.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value as OpenApiSchema;
}
