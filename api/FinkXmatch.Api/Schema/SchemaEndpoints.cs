namespace FinkXmatch.Api.Schema;

/// <summary><c>GET /schema</c>: the alert fields and packets a crossmatch can return (an addition to CONTRACT §2).</summary>
public static class SchemaEndpoints
{
    public static RouteGroupBuilder MapSchemaEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/schema", async (AlertSchemaSource schema) => TypedResults.Ok(await schema.GetAsync()))
            .WithTags("Service")
            .WithName("GetAlertSchema")
            .WithSummary("Every alert field path (e.g. candidate.magpsf) with its type, and the fields of the light/medium/full packets");
        return api;
    }
}
