using System.Net;
using System.Text.Json;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>Asserts the API's error contract: RFC 9457 problem details, never a stack trace.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        foreach (var member in new[] { "type", "title", "detail", "traceId" })
        {
            Assert.True(problem.TryGetProperty(member, out var value) && value.GetString() is { Length: > 0 },
                $"The problem has no '{member}': {body}");
        }
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return problem;
    }

    /// <summary>A 400 whose <c>errors</c> name the given field (case-insensitive, path prefixes allowed).</summary>
    public static async Task<JsonElement> IsValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No 'errors' in {problem}");
        var names = errors.EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(names.Any(n => n.Contains(field, StringComparison.OrdinalIgnoreCase)),
            $"Expected an error for '{field}', got: {string.Join(", ", names)}");
        return problem;
    }
}
