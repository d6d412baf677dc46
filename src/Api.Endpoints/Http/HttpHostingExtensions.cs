using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using System.Net;
using Ecommerce.ServiceDefaults;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

namespace Ecommerce.Api.Http;

public static class HttpHostingExtensions
{
    /// <summary>The largest request body the API reads; a larger one is a 413.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    /// <summary>
    /// Strict JSON (no unknown properties, no numbers in strings), request validation, and
    /// RFC 9457 problem details with a <c>detail</c> and <c>traceId</c> for every error.
    /// </summary>
    public static IHostApplicationBuilder AddEcommerceHttp(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.Converters.Add(new SingleLineTextConverter());
        });
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = MaxRequestBodyBytes);
        // Bad requests are thrown so that ApiExceptionHandler can say which field was wrong.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        builder.Services.AddValidation();
        builder.Services.AddOptions<ValidationOptions>().Configure<IOptions<JsonOptions>>((validation, json) =>
            JsonNamedValidation.PutFirst(validation, json.Value.SerializerOptions));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Detail ??= Problems.DefaultDetail(context.ProblemDetails.Status);
            context.ProblemDetails.Type ??= Problems.DefaultType(context.ProblemDetails.Status);
            context.ProblemDetails.Extensions.Remove("exception");
            if (context.ProblemDetails.Status == StatusCodes.Status503ServiceUnavailable)
            {
                context.HttpContext.Response.Headers.RetryAfter = Problems.UnavailableRetryAfterSeconds;
            }
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                validation.Errors = validation.Errors.ToDictionary(e => JsonPath(e.Key), e => e.Value);
            }
        });
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();

        builder.Services.AddValidatedOptions<ProxyOptions>(ProxyOptions.SectionName);
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            // ASP.NET Core trusts loopback by default; here only the configured proxies are trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Value.TrustedProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
                }
            }
        });

        // The framework checks AllowedHosts before the app's pipeline; this filter goes around it,
        // so a refused host gets problem details like every other error instead of an HTML page.
        builder.Services.Configure<HostFilteringOptions>(o => o.IncludeFailureMessage = false);
        builder.Services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, StatusCodePagesFirst>());
        return builder;
    }

    /// <summary>Names fields as the JSON does: <c>Price.Amount</c> becomes <c>price.amount</c>.</summary>
    private static string JsonPath(string member) =>
        member.Contains('-', StringComparison.Ordinal) // a header name, not a JSON member
            ? member
            : string.Join('.', member.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));

    public static WebApplication UseEcommerceHttp(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.TrustedProxies.Count > 0)
        {
            // Without a known proxy the middleware would believe anyone's X-Forwarded-For.
            app.UseForwardedHeaders();
        }
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseRequestTextFilter();
        return app;
    }

    /// <summary>
    /// Turns every empty error response (400 for a refused host, 401, 403, 404, 405, ...) into
    /// problem details; registered first, so it wraps even the framework's host filtering.
    /// </summary>
    private sealed class StatusCodePagesFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseStatusCodePages();
            next(app);
        };
    }
}
