using Ecommerce.Api;

namespace Ecommerce.Silo.Hosting;

/// <summary>
/// What the silo's web host serves besides the operator's pages. With <c>Api:CoHosted</c>, the
/// shop's whole HTTP API: the same code the separate API process maps, its grain calls made in
/// process, which takes a network hop, a serialization each way and a process's share of the
/// CPU off every request (docs/benchmarks.md). Without it, the API runs as its own process and
/// the silo answers only the operator's endpoints, with bare problem details.
/// </summary>
public static class SiloWebFrontExtensions
{
    public const string CoHostedKey = "Api:CoHosted";

    public static IHostApplicationBuilder AddSiloWebFront(this IHostApplicationBuilder builder) =>
        ServesShopApi(builder.Configuration) ? builder.AddShopApi() : builder.AddSiloProblemDetails();

    /// <summary>First in the pipeline, so that its problem details cover every later middleware and endpoint.</summary>
    public static WebApplication UseSiloWebFront(this WebApplication app)
    {
        if (ServesShopApi(app.Configuration))
        {
            return app.UseShopApi();
        }
        app.UseSiloProblemDetails();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapSiloWebFront(this WebApplication app) =>
        ServesShopApi(app.Configuration) ? app.MapShopApi() : app;

    private static bool ServesShopApi(IConfiguration configuration) => configuration.GetValue<bool>(CoHostedKey);
}
