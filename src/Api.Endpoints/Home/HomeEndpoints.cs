using System.Text;

namespace Ecommerce.Api.Home;

public static class HomeEndpoints
{
    /// <summary>
    /// <c>GET /</c>: a short page for a person who opens the API's address in a browser, linking
    /// the API page (where it is served), the OpenAPI document and the health endpoints. It loads
    /// nothing from anywhere.
    /// </summary>
    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder app)
    {
        var apiPage = app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment()
            ? """<li><a href="/scalar/">API page</a>: every endpoint, with a form to send requests</li>"""
            : "";
        var page = Encoding.UTF8.GetBytes($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Ecommerce API</title>
            <style>body { font-family: system-ui, sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.5 }</style></head>
            <body>
            <h1>Ecommerce API</h1>
            <p>An e-commerce backend on Microsoft Orleans: products, carts, checkout and orders under <code>/api</code>.</p>
            <ul>
            {{apiPage}}
            <li><a href="/openapi/v1.json">OpenAPI document</a>: the contract, for tools and client generators</li>
            <li><a href="/health/live">Liveness</a> and <a href="/health/ready">readiness</a></li>
            </ul>
            </body>
            </html>
            """);
        app.MapGet("/", () => TypedResults.Bytes(page, "text/html; charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
