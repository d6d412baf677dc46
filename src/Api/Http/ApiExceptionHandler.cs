using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Ecommerce.Api.Http;

/// <summary>
/// Turns exceptions into problem details without leaking internals: unreadable requests
/// into 400/413 naming the field, deadlines into 504, an unreachable cluster or database
/// into 503, anything else into a bare 500.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => BodyProblem(json),
            BadHttpRequestException bad => new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = bad.StatusCode, Detail = BadRequestDetail(bad) },
            TimeoutException => new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status504GatewayTimeout },
            _ when IsUnavailable(exception) => new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable },
            _ => null,
        };
        if (problem is null)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
            problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status500InternalServerError, Detail = "An unexpected error occurred." };
        }
        else if (problem.Status >= 500)
        {
            LogUnavailable(logger, exception.GetType().Name, exception.Message);
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = null });
    }

    private static HttpValidationProblemDetails BodyProblem(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
        var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "This property is not part of the request."
            : json.Path is null ? "The body is not valid JSON." : "The value is not valid JSON of the expected type.";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = "The request body could not be read.",
        };
    }

    private static string BadRequestDetail(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => Problems.DefaultDetail(StatusCodes.Status413PayloadTooLarge),
        StatusCodes.Status415UnsupportedMediaType => Problems.DefaultDetail(StatusCodes.Status415UnsupportedMediaType),
        // The framework's own messages name the parameter and hold no internals.
        _ => bad.Message,
    };

    private static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException
                or Orleans.Runtime.Messaging.ConnectionFailedException or Orleans.Storage.InconsistentStateException
                or Npgsql.NpgsqlException or System.Net.Sockets.SocketException)
            {
                return true;
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request failed for want of a dependency: {Type}: {Message}")]
    private static partial void LogUnavailable(ILogger logger, string type, string message);
}
