using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

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
        });
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = MaxRequestBodyBytes);
        // Bad requests are thrown so that ApiExceptionHandler can say which field was wrong.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        builder.Services.AddValidation();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Detail ??= Problems.DefaultDetail(context.ProblemDetails.Status);
            context.ProblemDetails.Type ??= Problems.DefaultType(context.ProblemDetails.Status);
            context.ProblemDetails.Extensions.Remove("exception");
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                validation.Errors = validation.Errors.ToDictionary(e => JsonPath(e.Key), e => e.Value);
            }
        });
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        return builder;
    }

    /// <summary>Names fields as the JSON does: <c>Price.Amount</c> becomes <c>price.amount</c>.</summary>
    private static string JsonPath(string member) =>
        member.Contains('-', StringComparison.Ordinal) // a header name, not a JSON member
            ? member
            : string.Join('.', member.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));

    public static WebApplication UseEcommerceHttp(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Turns every empty error response (401, 403, 404, 405, ...) into problem details.
        app.UseStatusCodePages();
        return app;
    }
}
