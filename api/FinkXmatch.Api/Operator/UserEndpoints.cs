using FinkXmatch.Api.Auth;
using FinkXmatch.Api.Problems;
using FinkXmatch.Grains.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Api.Operator;

/// <summary>
/// <c>/operator/users</c> (operators only; an addition to the contract): the users of <c>Auth:Mode=tokens</c>, as the
/// <c>finkxmatch users</c> verbs manage them. A new user's token is in the answer to its creation, and nowhere after.
/// </summary>
public static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/operator/users").WithTags("Operator").RequireAuthorization(AuthServiceCollectionExtensions.OperatorPolicy);
        users.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Every user (tokens mode), revoked ones too");
        users.MapPost("/", AddAsync).WithName("AddUser").WithSummary("Add a user; the answer holds its API token, shown this once")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        users.MapDelete("/{name}", RevokeAsync).WithName("RevokeUser").WithSummary("Revoke a user's token at once")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<UserRecord[]>, ProblemHttpResult>> ListAsync(IGrainFactory grains, IOptions<AuthOptions> auth)
    {
        if (NotTokens(auth.Value) is { } notTokens) return notTokens;
        return TypedResults.Ok(await Registry(grains).ListAsync());
    }

    private static async Task<Results<Created<NewUser>, ProblemHttpResult>> AddAsync(
        NewUserRequest? request, HttpContext http, IGrainFactory grains, IOptions<AuthOptions> auth)
    {
        if (NotTokens(auth.Value) is { } notTokens) return notTokens;
        if (request is null || !UserNames.IsValid(request.Name))
            return TypedResults.Problem($"name must be {UserNames.Rule}", statusCode: StatusCodes.Status400BadRequest, title: "Invalid user");
        var token = ApiToken.New();
        var added = await Registry(grains).AddAsync(request.Name!, ApiToken.Hash(token), request.Operator, http.Caller().Name);
        if (!added)
            return TypedResults.Problem($"user '{request.Name}' exists: revoke it first to give it a new token", statusCode: StatusCodes.Status409Conflict, title: "User exists");
        return TypedResults.Created($"{http.Request.PathBase}/api/v1/operator/users", new NewUser(request.Name!, request.Operator, token));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string name, HttpContext http, IGrainFactory grains,
        IOptions<AuthOptions> auth)
    {
        if (NotTokens(auth.Value) is { } notTokens) return notTokens;
        var revoked = UserNames.IsValid(name) && await Registry(grains).RevokeAsync(name, http.Caller().Name);
        return revoked ? TypedResults.NoContent() : ProblemResults.NotFound($"no active user '{Core.Catalogs.CatalogException.Quote(name)}'");
    }

    private static IUserRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IUserRegistryGrain>(IUserRegistryGrain.ClusterKey);

    private static ProblemHttpResult? NotTokens(AuthOptions auth) =>
        auth.Mode == AuthMode.Tokens ? null
        : TypedResults.Problem($"Auth:Mode is {auth.Mode.ToString().ToLowerInvariant()}: users are managed here only in tokens mode",
            statusCode: StatusCodes.Status409Conflict, title: "Not in tokens mode");
}

/// <summary>The body of <c>POST /operator/users</c>.</summary>
public sealed record NewUserRequest(string? Name, bool Operator);

/// <summary>A user just made, with its API token (shown this once).</summary>
public sealed record NewUser(string Name, bool Operator, string Token);
