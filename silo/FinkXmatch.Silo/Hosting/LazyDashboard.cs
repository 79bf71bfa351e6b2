using FinkXmatch.Api.Auth;
using Orleans.Dashboard;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// The Orleans dashboard at <see cref="Path"/>, for operators, mapped on its first request: mapping it compresses its
/// embedded files (0.35 s of CPU, a fifth of the service's start before <c>/health</c> answers), which a service whose
/// dashboard nobody opens never needs.
/// </summary>
public static class LazyDashboard
{
    public const string Path = "/dashboard";

    // Where WebApplication keeps its own route builder; a branch that finds it there maps into it instead of its own.
    private const string GlobalEndpointRouteBuilder = "__GlobalEndpointRouteBuilder";

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapWhen(c => c.Request.Path.StartsWithSegments(Path), branch =>
        {
            var dashboard = new Lazy<RequestDelegate>(() => Build(branch.New()));
            branch.Run(c => dashboard.Value(c));
        });
    }

    // The user was authenticated by the main pipeline; the branch routes to the dashboard's endpoints and authorizes.
    private static RequestDelegate Build(IApplicationBuilder dashboard)
    {
        dashboard.Properties.Remove(GlobalEndpointRouteBuilder);
        dashboard.UseRouting();
        dashboard.UseAuthorization();
        dashboard.UseEndpoints(e => e.MapOrleansDashboard(Path).RequireAuthorization(AuthServiceCollectionExtensions.OperatorPolicy));
        return dashboard.Build();
    }
}
