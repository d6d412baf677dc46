using System.Text.Json;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// Checks real responses against the API's own OpenAPI document, the way a validating proxy or
/// a generated client would read it: the status is documented, every required property is
/// there, no property the schema does not allow, and types and nullability as declared.
/// </summary>
public sealed class OpenApiResponseValidator(JsonElement document)
{
    public List<string> Violations { get; } = [];

    /// <summary>Each answer checked, as <c>post /api/checkout 201</c>.</summary>
    public HashSet<string> Seen { get; } = [];

    public async Task CheckAsync(string method, string pathTemplate, HttpResponseMessage response)
    {
        Seen.Add($"{method.ToLowerInvariant()} {pathTemplate} {(int)response.StatusCode}");
        var where = $"{method.ToUpperInvariant()} {pathTemplate} {(int)response.StatusCode}";
        if (!document.GetProperty("paths").TryGetProperty(pathTemplate, out var item) || !item.TryGetProperty(method, out var operation))
        {
            Violations.Add($"{where}: not documented");
            return;
        }
        if (!operation.GetProperty("responses").TryGetProperty(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), out var documented))
        {
            Violations.Add($"{where}: status not documented");
            return;
        }
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length == 0 || response.Content.Headers.ContentType?.MediaType is not { } mediaType)
        {
            return;
        }
        // A generated client sends Accept with the documented media types and reads the body by them.
        if (!documented.TryGetProperty("content", out var content) || !content.TryGetProperty(mediaType, out var media) || !media.TryGetProperty("schema", out var schema))
        {
            Violations.Add($"{where}: {mediaType} body not documented");
            return;
        }
        if (!mediaType.Contains("json", StringComparison.Ordinal))
        {
            return;
        }
        Check(where, "$", schema, JsonDocument.Parse(body).RootElement);
    }

    private void Check(string where, string path, JsonElement schema, JsonElement value)
    {
        schema = Resolve(schema);
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!Nullable(schema))
            {
                Violations.Add($"{where}: {path} is null, the schema says it is not nullable");
            }
            return;
        }
        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            schema = Resolve(oneOf.EnumerateArray().First(s => !Resolve(s).TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() != "null"));
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                {
                    if (!value.TryGetProperty(name, out _))
                    {
                        Violations.Add($"{where}: {path}.{name} is required by the schema but absent");
                    }
                }
            }
            var additional = schema.TryGetProperty("additionalProperties", out var a) ? a : default;
            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    Check(where, $"{path}.{property.Name}", propertySchema, property.Value);
                }
                else if (additional.ValueKind == JsonValueKind.Object)
                {
                    Check(where, $"{path}.{property.Name}", additional, property.Value);
                }
                else if (additional.ValueKind == JsonValueKind.False || (properties.ValueKind == JsonValueKind.Object && additional.ValueKind == JsonValueKind.Undefined && Strict))
                {
                    Violations.Add($"{where}: {path}.{property.Name} is not allowed by the schema");
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var element in value.EnumerateArray())
            {
                Check(where, $"{path}[{i++}]", items, element);
            }
        }
    }

    /// <summary>Whether an object schema without <c>additionalProperties</c> forbids extra properties (a strict client does).</summary>
    public bool Strict { get; init; }

    private JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }
        return schema;
    }

    private bool Nullable(JsonElement schema)
    {
        if (schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean())
        {
            return true;
        }
        if (schema.TryGetProperty("type", out var type))
        {
            return type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => t.GetString() == "null") : type.GetString() == "null";
        }
        return schema.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Any(s => Nullable(Resolve(s)));
    }
}
