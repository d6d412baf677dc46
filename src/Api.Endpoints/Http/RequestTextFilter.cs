namespace Ecommerce.Api.Http;

/// <summary>
/// Refuses a request whose path, query string or headers carry a control character, with a
/// 400 naming where: such text never reaches a grain or the database. (Kestrel itself
/// refuses a raw NUL or line break in the request line or a header before any of this runs.)
/// </summary>
public static class RequestTextFilter
{
    public static IApplicationBuilder UseRequestTextFilter(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (FieldWithControlCharacter(context.Request) is { } field)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [ControlCharacters.About(field)] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Detail = $"The {field} holds a control character.",
                },
            });
            return;
        }
        await next(context);
    });

    private static string? FieldWithControlCharacter(HttpRequest request)
    {
        if (ControlCharacters.AreIn(request.Path.Value) || ControlCharacters.AreIn(request.PathBase.Value))
        {
            return "path";
        }
        foreach (var (name, values) in request.Query)
        {
            if (ControlCharacters.AreIn(name))
            {
                return "query";
            }
            foreach (var value in values)
            {
                if (ControlCharacters.AreIn(value))
                {
                    return name;
                }
            }
        }
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                if (ControlCharacters.AreIn(value, allowLineBreaks: true)) // a tab is legal in a header; Kestrel refuses line breaks
                {
                    return name;
                }
            }
        }
        return null;
    }
}
