using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

[Collection(ShopCollectionDefinition.Name)]
public sealed class OpenApiTests(ShopFixture shop)
{
    /// <summary>
    /// Every endpoint of api.md with every status its tables name, and those any operation gives
    /// before its handler runs: 400 for a control character in the path, query or a header, 429 past
    /// the rate limits, and with a body 413 past 64 KiB and 415 when it is not JSON.
    /// </summary>
    public static TheoryData<string, string, int[]> Contract => new()
    {
        { "get", "/api/products", [200, 400, 429] },
        { "get", "/api/products/{sku}", [200, 400, 404, 429] },
        { "post", "/api/products", [201, 400, 401, 403, 409, 413, 415, 429] },
        { "put", "/api/products/{sku}", [200, 400, 401, 403, 404, 413, 415, 429] },
        { "delete", "/api/products/{sku}", [204, 400, 401, 403, 404, 429] },
        { "get", "/api/cart", [200, 400, 401, 429] },
        { "put", "/api/cart/items/{sku}", [200, 400, 401, 404, 413, 415, 429] },
        { "delete", "/api/cart/items/{sku}", [200, 400, 401, 429] },
        { "delete", "/api/cart", [204, 400, 401, 429] },
        { "post", "/api/checkout", [201, 400, 401, 402, 409, 413, 415, 422, 429, 502, 503, 504] },
        { "get", "/api/orders", [200, 400, 401, 429] },
        { "get", "/api/orders/{id}", [200, 400, 401, 404, 429] },
        { "post", "/api/orders/{id}/cancel", [200, 400, 401, 404, 409, 429] },
        { "post", "/api/orders/{id}/ship", [200, 400, 401, 403, 404, 409, 413, 415, 429] },
        { "post", "/api/orders/{id}/deliver", [200, 400, 401, 403, 404, 409, 429] },
        { "post", "/api/orders/{id}/fail", [200, 400, 401, 403, 404, 409, 429, 502, 503, 504] },
        { "get", "/api/orders/{id}/events", [200, 400, 401, 404, 429] },
        { "get", "/api/admin/orders", [200, 400, 401, 403, 429] },
        { "post", "/dev/token", [200, 400, 413, 415, 429] },
    };

    [Theory]
    [MemberData(nameof(Contract))]
    public async Task TheDocumentDescribesEveryEndpointAndStatus(string method, string path, int[] statuses)
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is not documented.");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is not documented.");
        var documented = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        foreach (var status in statuses)
        {
            Assert.True(documented.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                $"{method} {path} does not document {status}; it has {string.Join(", ", documented)}.");
        }
        var needsToken = statuses.Contains(401);
        Assert.Equal(needsToken, operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0);
    }

    [Fact]
    public async Task EveryOperationHasANameAndAOneLineSummary()
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(o => (Where: $"{o.Name} {path.Name}", Operation: o.Value)))
            .ToList();

        // Generated clients and the API page's sidebar name operations by these.
        Assert.Equal(Contract.Count, operations.Count);
        var ids = operations.Select(o => o.Operation.TryGetProperty("operationId", out var id) ? id.GetString() : null).ToList();
        Assert.True(ids.All(id => id is { Length: > 0 }), $"Without an operationId: {string.Join(", ", operations.Where((o, i) => ids[i] is null).Select(o => o.Where))}");
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var unsummarised = operations
            .Where(o => !o.Operation.TryGetProperty("summary", out var summary) || summary.GetString() is not { Length: > 0 } text || text.Contains('\n', StringComparison.Ordinal))
            .Select(o => o.Where).ToList();
        Assert.True(unsummarised.Count == 0, $"Without a one-line summary: {string.Join(", ", unsummarised)}");
    }

    [Fact]
    public async Task TheDocumentDeclaresTheBearerSchemeAndRequestShapes()
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        var checkout = document.GetProperty("paths").GetProperty("/api/checkout").GetProperty("post");
        Assert.True(checkout.TryGetProperty("requestBody", out _));
        Assert.Contains(checkout.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("CreateProductRequest", out _));
    }

    /// <summary>Text the handlers take as strings: each parameter must say so, or a generator cannot type it.</summary>
    public static TheoryData<string, string, string> TextParameters => new()
    {
        { "get /api/products", "search", "query" },
        { "get /api/products", "category", "query" },
        { "get /api/products/{sku}", "sku", "path" },
        { "put /api/products/{sku}", "sku", "path" },
        { "delete /api/products/{sku}", "sku", "path" },
        { "put /api/cart/items/{sku}", "sku", "path" },
        { "delete /api/cart/items/{sku}", "sku", "path" },
        { "post /api/checkout", "Idempotency-Key", "header" },
        { "get /api/orders/{id}", "id", "path" },
        { "get /api/orders/{id}/events", "id", "path" },
        { "get /api/orders/{id}/events", "Last-Event-ID", "header" },
        { "post /api/orders/{id}/cancel", "id", "path" },
        { "post /api/orders/{id}/ship", "id", "path" },
        { "post /api/orders/{id}/deliver", "id", "path" },
        { "get /api/admin/orders", "customerId", "query" },
    };

    [Theory]
    [MemberData(nameof(TextParameters))]
    public async Task ATextParameterIsAString(string operation, string name, string location)
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var parameter = Parameter(document, operation, name);

        Assert.Equal(location, parameter.GetProperty("in").GetString());
        Assert.Equal(["string"], Types(parameter.GetProperty("schema")));
    }

    [Fact]
    public async Task TheIdempotencyKeyIsARequiredHeaderOfPrintableAscii()
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var key = Parameter(document, "post /api/checkout", "Idempotency-Key");

        // A missing key is a 400, so a generated client must know to send it.
        Assert.True(key.GetProperty("required").GetBoolean());
        var schema = key.GetProperty("schema");
        Assert.Equal(1, schema.GetProperty("minLength").GetInt32());
        Assert.Equal(64, schema.GetProperty("maxLength").GetInt32());
        var pattern = new System.Text.RegularExpressions.Regex(schema.GetProperty("pattern").GetString()!);
        Assert.All(["k", "~!#-._", new string('k', 64)], k => Assert.Matches(pattern, k));
        Assert.All(["", "a b", "caf\u00e9", "tab\t", new string('k', 65)], k => Assert.DoesNotMatch(pattern, k));
    }

    [Theory]
    [InlineData("/api/orders")]
    [InlineData("/api/admin/orders")]
    public async Task TheStatusFilterIsAnOrderStatus(string path)
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var status = Parameter(document, $"get {path}", "status");

        Assert.Equal("#/components/schemas/OrderStatus", status.GetProperty("schema").GetProperty("$ref").GetString());
        Assert.False(status.TryGetProperty("required", out var required) && required.GetBoolean());
    }

    [Fact]
    public async Task TheLastEventIdIsAWholeNumber()
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var lastEvent = Parameter(document, "get /api/orders/{id}/events", "Last-Event-ID");

        Assert.Equal("^[0-9]+$", lastEvent.GetProperty("schema").GetProperty("pattern").GetString());
    }

    [Fact]
    public async Task TheOrderEventsAreATextEventStream()
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var ok = document.GetProperty("paths").GetProperty("/api/orders/{id}/events").GetProperty("get").GetProperty("responses").GetProperty("200");

        var content = Assert.Single(ok.GetProperty("content").EnumerateObject());
        Assert.Equal("text/event-stream", content.Name);
        Assert.Equal(["string"], Types(content.Value.GetProperty("schema")));
    }

    [Theory]
    [InlineData("ProblemDetails")]
    [InlineData("HttpValidationProblemDetails")]
    public async Task AProblemPromisesTheMembersEveryErrorCarries(string name)
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty(name);

        // api.md: every error has type, title, status, detail and traceId (the conformance test holds real answers to this).
        var required = problem.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToList();
        var properties = problem.GetProperty("properties");
        foreach (var (member, type) in new[] { ("type", "string"), ("title", "string"), ("status", "integer"), ("detail", "string"), ("traceId", "string") })
        {
            Assert.Contains(member, required);
            Assert.Equal([type], Types(properties.GetProperty(member)));
        }
        Assert.DoesNotContain("instance", required);
        Assert.True(properties.TryGetProperty("orderId", out _) && properties.TryGetProperty("skus", out _), "The checkout problems' members are not declared.");
    }

    [Fact]
    public async Task EverySchemaInTheDocumentSaysWhatItHolds()
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = Schemas(document).ToList();

        // A schema with only a pattern or a length (the API's text converter hid the type) generates an untyped member.
        var untyped = schemas.Where(s => Types(s.Schema).Count == 0 && !s.Schema.TryGetProperty("$ref", out _) && !Combinators.Any(k => s.Schema.TryGetProperty(k, out _)))
            .Select(s => s.Where).ToList();
        Assert.True(untyped.Count == 0, $"Schemas without a type: {string.Join(", ", untyped)}");
        var arraysOfNothing = schemas.Where(s => Types(s.Schema).Contains("array") && !s.Schema.TryGetProperty("items", out _)).Select(s => s.Where).ToList();
        Assert.True(arraysOfNothing.Count == 0, $"Arrays without items: {string.Join(", ", arraysOfNothing)}");
        Assert.Contains(schemas, s => s.Where == "#/components/schemas/Money.amount");
        Assert.Contains(schemas, s => s.Where == "post /api/checkout Idempotency-Key");
    }

    [Fact]
    public async Task AValidationProblemsErrorsAreListsOfMessagesAndAStatusIsOneOfItsNames()
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var messages = schemas.GetProperty("HttpValidationProblemDetails").GetProperty("properties").GetProperty("errors").GetProperty("additionalProperties");
        Assert.Equal(["array"], Types(messages));
        Assert.Equal(["string"], Types(messages.GetProperty("items")));
        var status = schemas.GetProperty("OrderStatus");
        Assert.Equal(["string"], Types(status));
        Assert.Equal(Enum.GetNames<Ecommerce.Grains.Interfaces.Orders.OrderStatus>().Order(), status.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order());
    }

    [Theory]
    [InlineData("Money")]
    [InlineData("MoneyRequest")]
    public async Task AnAmountIsADecimalNeverAFloat(string schema)
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var amount = document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties").GetProperty("amount");

        Assert.Equal(["number"], Types(amount));
        Assert.Equal("decimal", amount.GetProperty("format").GetString());
    }

    [Fact]
    public async Task AnOrderHasTheMembersOfApiMdsOrder()
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var order = document.GetProperty("components").GetProperty("schemas").GetProperty("OrderResponse");

        // api.md: Order is {id, customerId, status, items, total, email, shippingAddress, createdAt, updatedAt, paymentId?, failureReason?, shipment?, timeline}.
        Assert.Equal(
            ["createdAt", "customerId", "email", "failureReason", "id", "items", "paymentId", "shipment", "shippingAddress", "status", "timeline", "total", "updatedAt"],
            order.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["createdAt", "customerId", "email", "id", "items", "shippingAddress", "status", "timeline", "total", "updatedAt"],
            order.GetProperty("required").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal));
    }

    /// <summary>api.md's limits, which the request records state on their constructors' parameters.</summary>
    [Theory]
    [InlineData("CreateProductRequest", "name", "minLength", "1")]
    [InlineData("CreateProductRequest", "name", "maxLength", "200")]
    [InlineData("CreateProductRequest", "description", "maxLength", "4000")]
    [InlineData("UpdateProductRequest", "category", "maxLength", "64")]
    [InlineData("MoneyRequest", "amount", "minimum", "0.01")]
    [InlineData("MoneyRequest", "amount", "maximum", "1000000")]
    [InlineData("CheckoutRequest", "email", "maxLength", "254")]
    [InlineData("AddressRequest", "line2", "maxLength", "100")]
    [InlineData("AddressRequest", "country", "pattern", "^[A-Z]{2}$")]
    [InlineData("DevTokenRequest", "customerId", "pattern", "^[A-Za-z0-9._@-]{1,64}$")]
    public async Task ARequestStatesTheLimitsItsValidationApplies(string schema, string property, string keyword, string value)
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var member = document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties").GetProperty(property);

        Assert.True(member.TryGetProperty(keyword, out var stated), $"{schema}.{property} states no {keyword}: {member}");
        if (stated.ValueKind == JsonValueKind.Number)
        {
            Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), stated.GetDecimal());
        }
        else
        {
            Assert.Equal(value, stated.GetString());
        }
    }

    [Fact]
    public async Task TheInteractivePageIsServedInDevelopment()
    {
        var page = await shop.Anonymous().GetAsync("/scalar/");

        Assert.True(page.IsSuccessStatusCode, $"/scalar/ answered {(int)page.StatusCode}");
        Assert.Contains("html", page.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    private static readonly string[] Combinators = ["oneOf", "anyOf", "allOf"];

    private static JsonElement Parameter(JsonElement document, string operation, string name)
    {
        var (method, path) = (operation[..operation.IndexOf(' ', StringComparison.Ordinal)], operation[(operation.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        var parameters = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("parameters");
        return Assert.Single(parameters.EnumerateArray(), p => p.GetProperty("name").GetString() == name);
    }

    /// <summary>A schema's types: <c>"string"</c> and <c>["null", "string"]</c> alike.</summary>
    private static List<string> Types(JsonElement schema) => !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!];

    /// <summary>Every schema of the document, nested ones too, each with where it stands.</summary>
    private static IEnumerable<(string Where, JsonElement Schema)> Schemas(JsonElement document)
    {
        foreach (var schema in document.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            foreach (var nested in Nested($"#/components/schemas/{schema.Name}", schema.Value))
            {
                yield return nested;
            }
        }
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var where = $"{operation.Name} {path.Name}";
                var media = new List<(string, JsonElement)>();
                if (operation.Value.TryGetProperty("parameters", out var parameters))
                {
                    media.AddRange(parameters.EnumerateArray().Select(p => ($"{where} {p.GetProperty("name").GetString()}", p)));
                }
                if (operation.Value.TryGetProperty("requestBody", out var body))
                {
                    media.AddRange(body.GetProperty("content").EnumerateObject().Select(c => ($"{where} body {c.Name}", c.Value)));
                }
                media.AddRange(operation.Value.GetProperty("responses").EnumerateObject()
                    .Where(r => r.Value.TryGetProperty("content", out _))
                    .SelectMany(r => r.Value.GetProperty("content").EnumerateObject().Select(c => ($"{where} {r.Name} {c.Name}", c.Value))));
                foreach (var (at, holder) in media)
                {
                    Assert.True(holder.TryGetProperty("schema", out var schema), $"{at} has no schema");
                    foreach (var nested in Nested(at, schema))
                    {
                        yield return nested;
                    }
                }
            }
        }
    }

    private static IEnumerable<(string Where, JsonElement Schema)> Nested(string where, JsonElement schema)
    {
        yield return (where, schema);
        var children = new List<(string, JsonElement)>();
        if (schema.TryGetProperty("properties", out var properties))
        {
            children.AddRange(properties.EnumerateObject().Select(p => ($"{where}.{p.Name}", p.Value)));
        }
        if (schema.TryGetProperty("items", out var items))
        {
            children.Add(($"{where}[]", items));
        }
        if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
        {
            children.Add(($"{where}.*", additional));
        }
        foreach (var keyword in Combinators)
        {
            if (schema.TryGetProperty(keyword, out var choices))
            {
                children.AddRange(choices.EnumerateArray().Select((c, i) => ($"{where}.{keyword}[{i}]", c)));
            }
        }
        foreach (var (at, child) in children)
        {
            foreach (var nested in Nested(at, child))
            {
                yield return nested;
            }
        }
    }
}
