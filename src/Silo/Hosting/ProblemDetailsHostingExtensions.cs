namespace Ecommerce.Silo.Hosting;

public static class ProblemDetailsHostingExtensions
{
    /// <summary>
    /// Errors as bare RFC 9457 problem details with a <c>traceId</c>: never a stack trace, not
    /// even in Development, where ASP.NET Core would otherwise show its exception page. An
    /// unreadable request is a 400, anything else a 500; the exception itself goes to the log.
    /// </summary>
    public static IHostApplicationBuilder AddSiloProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status400BadRequest => "The request is not valid.",
                _ => "An unexpected error occurred.",
            };
            // The developer exception page puts the stack trace here.
            context.ProblemDetails.Extensions.Remove("exception");
        });
        // A required route value that is missing, such as the silo address of
        // /dashboard/SiloStats/, throws this in Development instead of answering 400.
        builder.Services.Configure<ExceptionHandlerOptions>(o => o.StatusCodeSelector = exception =>
            exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        return builder;
    }

    /// <summary>Put first, so that it covers every later middleware and endpoint, the dashboard's too.</summary>
    public static WebApplication UseSiloProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        return app;
    }
}
