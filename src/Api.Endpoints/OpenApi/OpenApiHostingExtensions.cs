using Ecommerce.Api.Home;
using Ecommerce.Api.Http;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Ecommerce.Api.OpenApi;

public static class OpenApiHostingExtensions
{
    public static IHostApplicationBuilder AddEcommerceOpenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<BearerSecurityTransformer>();
            // The document would otherwise name the request's Host as its server: a shared cache
            // could then be poisoned into sending clients (and their tokens) elsewhere.
            o.AddDocumentTransformer((document, context, _) =>
            {
                // The same document from either host (by default the title names the host's assembly).
                document.Info = new OpenApiInfo { Title = "Ecommerce API", Version = "v1" };
                var url = context.ApplicationServices.GetRequiredService<IOptions<ProxyOptions>>().Value.PublicUrl;
                document.Servers = url is null ? [] : [new OpenApiServer { Url = url.AbsoluteUri.TrimEnd('/') }];
                return Task.CompletedTask;
            });
            o.AddOperationTransformer<BearerSecurityTransformer>();
            o.AddSchemaTransformer<ExactSchemaTransformer>();
        });
        return builder;
    }

    /// <summary>Serves <c>/openapi/v1.json</c> always, and the interactive page at <c>/scalar</c> in Development.</summary>
    public static WebApplication MapEcommerceOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            // The page requests nothing from another host: the default fonts (Scalar's CDN) and telemetry are
            // off. What would only send the visitor to scalar.com is hidden: the developer tools bar (Configure,
            // Share, Generate SDK, Deploy), the AI chat and MCP, and the button opening client.scalar.com; no
            // option hides the "Powered by Scalar" links (in the sidebar and in the request dialog), so a rule
            // of the page's own style does, by their address.
            app.MapScalarApiReference(o => o
                .WithTitle("Ecommerce API")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .HideDeveloperTools()
                .DisableAgent()
                .DisableMcp()
                .HideClientButton()
                .WithFavicon(HomeEndpoints.Favicon)
                .WithCustomCss("a[href*='scalar.com'] { display: none !important; }"));
        }
        return app;
    }

    /// <summary>Documents the problem statuses an endpoint answers besides those its result types declare.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Mvc.ProblemDetails), ["application/problem+json"]));
        }
        return builder;
    }
}
