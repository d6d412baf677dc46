namespace Ecommerce.Api.Http;

/// <summary>The API's expected failures as RFC 9457 problem details.</summary>
public static class Problems
{
    /// <summary>
    /// The Retry-After of every 503: what was unavailable (a database being failed over, a silo
    /// that died, an outside service) is back within seconds, or the answer is 503 again.
    /// </summary>
    public const string UnavailableRetryAfterSeconds = "2";

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict);

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>RFC 9110 links for the statuses ASP.NET Core has none for; RFC 9457's default otherwise.</summary>
    public static string DefaultType(int? status) => status switch
    {
        StatusCodes.Status402PaymentRequired => "https://tools.ietf.org/html/rfc9110#section-15.5.3",
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        _ => "about:blank",
    };

    public static string DefaultDetail(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not valid.",
        StatusCodes.Status401Unauthorized => "A valid bearer token is required.",
        StatusCodes.Status403Forbidden => "The caller may not do this.",
        StatusCodes.Status404NotFound => "Nothing is at this address.",
        StatusCodes.Status405MethodNotAllowed => "This address does not take that method.",
        StatusCodes.Status413PayloadTooLarge => $"Request bodies are limited to {HttpHostingExtensions.MaxRequestBodyBytes / 1024} KiB.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        StatusCodes.Status402PaymentRequired => "The payment was refused.",
        StatusCodes.Status503ServiceUnavailable => "The service is unavailable; try again shortly.",
        StatusCodes.Status504GatewayTimeout => "The service did not answer in time.",
        _ => "The request failed.",
    };
}
