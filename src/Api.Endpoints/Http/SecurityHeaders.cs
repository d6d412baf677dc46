namespace Ecommerce.Api.Http;

/// <summary>
/// <c>X-Content-Type-Options: nosniff</c> on every response, and <c>Cache-Control: no-store</c>
/// on every response that carries a customer's data or a token, so no shared cache keeps it.
/// </summary>
public static class SecurityHeaders
{
    private static readonly string[] PrivatePaths = ["/api/cart", "/api/checkout", "/api/orders", "/api/admin", "/dev/token"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (PrivatePaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        return next(context);
    });
}
