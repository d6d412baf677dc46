using System.Net;
using System.Text.Json;

namespace Ecommerce.DemoCatalog;

/// <summary>An HTTP answer, or none (<see cref="Status"/> null, <see cref="Body"/> the error).</summary>
internal readonly record struct Answer(HttpStatusCode? Status, string? Reason, string Body)
{
    public JsonElement Json() => JsonSerializer.Deserialize<JsonElement>(Body);

    public override string ToString() => Status is { } status
        ? $"{(int)status} {Reason}{(Body.Length == 0 ? "" : " " + Body[..Math.Min(Body.Length, 300)])}"
        : $"no answer ({Body})";
}
