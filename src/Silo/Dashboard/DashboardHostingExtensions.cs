using Ecommerce.ServiceDefaults.Operators;
using Orleans.Dashboard;

namespace Ecommerce.Silo.Dashboard;

public static class DashboardHostingExtensions
{
    public const string Path = "/dashboard";

    /// <summary>The dashboard routes whose last segments the dashboard parses as a silo address.</summary>
    private static readonly string[] SiloAddressRoutes = ["HistoricalStats", "SiloProperties", "SiloMetadata", "SiloStats", "SiloCounters"];

    /// <summary>
    /// The Orleans Dashboard (its data is collected by the silo, <c>AddDashboard</c>), on the
    /// operator port with the operator credential.
    /// </summary>
    public static IEndpointRouteBuilder MapOperatorDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrleansDashboard(routePrefix: Path)
            .ServedOnOperatorPort()
            .RequireAuthorization(OperatorHostingExtensions.OperatorPolicy)
            .ExcludeFromDescription() // not part of the shop's OpenAPI document when the API is co-hosted
            .AddEndpointFilter(CheckSiloAddressAsync)
            .AddEndpointFilter(DeclareLogStreamText);
        return endpoints;
    }

    /// <summary>
    /// The Log Stream page reads <c>/dashboard/Trace</c> with an XMLHttpRequest as it arrives,
    /// but the package writes that response without a Content-Type. Chromium then holds the
    /// first 1,024 bytes back to sniff the type, and it does so for text/plain too unless told
    /// not to: the 619-byte banner and a quiet silo's few lines never reach the page, which
    /// stays on "Connecting...". Measured with a 620-byte chunk held open: without a type and
    /// with text/plain alone the page received 0 bytes in 3 s; with nosniff, all 620.
    /// </summary>
    private static ValueTask<object?> DeclareLogStreamText(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.Path.StartsWithSegments($"{Path}/Trace"))
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            http.Response.Headers.XContentTypeOptions = "nosniff";
        }
        return next(context);
    }

    /// <summary>
    /// The dashboard throws a FormatException (a 500) on a silo address it cannot parse, such
    /// as <c>/dashboard/SiloCounters/garbage</c>, and calls an address outside the cluster
    /// "lost connectivity" (a 503): both are the caller's mistake, so a 400 and a 404.
    /// </summary>
    private static async ValueTask<object?> CheckSiloAddressAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var path = context.HttpContext.Request.Path;
        foreach (var route in SiloAddressRoutes)
        {
            if (!path.StartsWithSegments($"{Path}/{route}", out var rest))
            {
                continue;
            }
            if (!SiloAddress.TryParse(rest.Value?.TrimStart('/'), out var silo))
            {
                return TypedResults.Problem($"'{route}' takes a silo address such as 10.0.0.5:11111@123456789.",
                    statusCode: StatusCodes.Status400BadRequest);
            }
            // The snapshot holds every silo in the membership table, dead ones too, whose
            // history the dashboard still shows.
            var membership = context.HttpContext.RequestServices.GetRequiredService<IClusterMembershipService>();
            if (!membership.CurrentSnapshot.Members.ContainsKey(silo))
            {
                return TypedResults.Problem($"No silo of this cluster has the address {silo}.", statusCode: StatusCodes.Status404NotFound);
            }
        }
        return await next(context);
    }
}
