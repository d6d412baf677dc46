using System.Text;

namespace Ecommerce.Api.Home;

public static class HomeEndpoints
{
    /// <summary>
    /// The pages' icon, inline: without one a browser asks for <c>/favicon.ico</c>, which is a 404
    /// (an error in its console); as a <c>data:</c> URI it is not requested from anywhere.
    /// </summary>
    public const string Favicon = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
        + "%3Crect width='16' height='16' rx='3' fill='%232b4a6f'/%3E"
        + "%3Cpath d='M4 6h8l-1 7H5z' fill='none' stroke='white' stroke-width='1.5'/%3E"
        + "%3Cpath d='M6 6V4.5a2 2 0 0 1 4 0V6' fill='none' stroke='white' stroke-width='1.2'/%3E%3C/svg%3E";

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
            <link rel="icon" type="image/svg+xml" href="{{Favicon}}">
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
