using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace Ecommerce.Api.Http;

/// <summary>
/// Turns exceptions into problem details without leaking internals: unreadable requests
/// into 400/413 naming the field, deadlines into 504, an unreachable cluster or database
/// or a silo shedding load into 503, anything else into a bare 500.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => BodyProblem(json),
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad => BindingProblem(bad, context.Features.Get<IExceptionHandlerFeature>()?.Endpoint),
            BadHttpRequestException bad => new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = bad.StatusCode, Detail = Problems.DefaultDetail(bad.StatusCode) },
            TimeoutException => new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status504GatewayTimeout },
            _ when Refusal(exception) is { } refusal => refusal,
            _ when IsUnavailable(exception) => new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable },
            _ => null,
        };
        if (problem is null)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
            problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status500InternalServerError, Detail = "An unexpected error occurred." };
        }
        else if (problem.Status >= 500 || Refusal(exception) is not null)
        {
            LogUnavailable(logger, exception.GetType().Name, exception.Message);
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = null });
    }

    private static HttpValidationProblemDetails BodyProblem(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
        var message = json is ControlCharacterException ? ControlCharacters.About(field)
            : json.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? $"{field} is not part of the request."
            : json.Path is null ? "The body is not valid JSON." : $"{field} does not hold a value of its type.";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = "The request body could not be read.",
        };
    }

    /// <summary>
    /// A parameter that could not be bound, in the service's words with <c>errors</c> naming it as
    /// the request does. Which one failed is the endpoint's parameter that the framework's message
    /// quotes (<c>Failed to bind parameter "int page" from "x"</c>); only the endpoint's own
    /// parameters are candidates, and none is named if the message quotes none of them.
    /// </summary>
    private static HttpValidationProblemDetails BindingProblem(BadHttpRequestException bad, Endpoint? endpoint)
    {
        var body = bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase);
        var parameter = endpoint?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>()
            .FirstOrDefault(p => bad.Message.Contains($" {p.Name}\"", StringComparison.Ordinal)) is { } failed
            ? JsonNamedValidation.BoundName(failed.ParameterInfo)
            : "request";
        var (field, message) = body
            ? ("body", "A JSON body is required.")
            : bad.Message.StartsWith("Required", StringComparison.Ordinal)
                ? (parameter, $"{parameter} is required.")
                : (parameter, $"{parameter} does not hold a value of its type.");
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = body ? "The request has no body." : $"The parameter '{field}' is not valid.",
        };
    }

    /// <summary>
    /// PostgreSQL refusing a value (a data exception, class 22, or an integrity violation, class 23)
    /// is the request's fault, not an outage: a 400, never a 503. Validation at the edge should
    /// leave nothing for it to refuse, so it is logged too.
    /// </summary>
    private static Microsoft.AspNetCore.Mvc.ProblemDetails? Refusal(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException { SqlState: [('2'), ('2' or '3'), ..] })
            {
                return new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Detail = "A value in the request cannot be stored.",
                };
            }
        }
        return null;
    }

    private static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // GatewayTooBusyException: the silo's load shedding refused the call before doing anything.
            if (e is SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException
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
