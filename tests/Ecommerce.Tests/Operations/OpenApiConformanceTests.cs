using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// Real traffic (the catalog, cart, checkout, order and sign-in flows, happy and every documented
/// error, and what any operation answers before its handler runs) checked against
/// /openapi/v1.json: clients generate their SDKs from it, so it must be what the API does, every
/// status it answers listed and every status it lists answered.
/// </summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class OpenApiConformanceTests(ShopFixture shop) : IAsyncLifetime
{
    public Task InitializeAsync() => shop.Simulators.ClearFaultsAsync();

    public Task DisposeAsync() => shop.Simulators.ClearFaultsAsync();

    [Fact]
    public async Task EveryPropertyOfEverySchemaHasAType()
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var untyped = document.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .SelectMany(schema => schema.Value.TryGetProperty("properties", out var properties)
                ? properties.EnumerateObject().Where(p => !p.Value.EnumerateObject().Any()).Select(p => $"{schema.Name}.{p.Name}")
                : [])
            .ToList();

        Assert.True(untyped.Count == 0, $"Untyped properties: {string.Join(", ", untyped)}");
    }

    [Fact]
    public async Task EveryAnswerOfEveryOperationMatchesTheDocumentAndEveryDocumentedStatusIsAnswered()
    {
        var document = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var validator = new OpenApiResponseValidator(document) { Strict = true };
        var anonymous = shop.Anonymous();
        var admin = await shop.AdminAsync();
        var shopper = await Shopper.NewAsync(shop);
        var sku = Products.NewSku("OA");
        var gone = Products.NewSku("OG");

        async Task Check(string method, string template, Task<HttpResponseMessage> call) => await validator.CheckAsync(method, template, await call);

        await Check("post", "/dev/token", anonymous.PostAsJsonAsync("/dev/token", new { customerId = "oa-user" }));
        await Check("post", "/dev/token", anonymous.PostAsJsonAsync("/dev/token", new { customerId = "" }));
        await Check("post", "/api/products", admin.PostAsJsonAsync("/api/products", Products.Body(sku)));
        await Check("post", "/api/products", admin.PostAsJsonAsync("/api/products", Products.Body(gone)));
        await Check("post", "/api/products", admin.PostAsJsonAsync("/api/products", Products.Body(sku)));
        await Check("post", "/api/products", admin.PostAsJsonAsync("/api/products", new { sku = "", name = "" }));
        await Check("post", "/api/products", shopper.Client.PostAsJsonAsync("/api/products", Products.Body(Products.NewSku("X"))));
        await Check("post", "/api/products", anonymous.PostAsJsonAsync("/api/products", Products.Body(Products.NewSku("X"))));
        await Check("get", "/api/products", anonymous.GetAsync("/api/products?pageSize=5"));
        await Check("get", "/api/products", anonymous.GetAsync("/api/products?page=0"));
        await Check("get", "/api/products/{sku}", anonymous.GetAsync($"/api/products/{sku}"));
        await Check("get", "/api/products/{sku}", anonymous.GetAsync("/api/products/nothing-here"));
        await Check("put", "/api/products/{sku}", admin.PutAsJsonAsync($"/api/products/{sku}", Products.UpdateBody()));
        await Check("put", "/api/products/{sku}", admin.PutAsJsonAsync("/api/products/nothing-here", Products.UpdateBody()));
        await Check("delete", "/api/products/{sku}", admin.DeleteAsync($"/api/products/{gone}"));
        await shop.Simulators.SetStockAsync(sku, 1);

        await Check("get", "/api/cart", shopper.Client.GetAsync("/api/cart"));
        await Check("put", "/api/cart/items/{sku}", shopper.Client.PutAsJsonAsync($"/api/cart/items/{sku}", new { quantity = 1 }));
        await Check("put", "/api/cart/items/{sku}", shopper.Client.PutAsJsonAsync($"/api/cart/items/{gone}", new { quantity = 1 }));
        await Check("put", "/api/cart/items/{sku}", shopper.Client.PutAsJsonAsync($"/api/cart/items/{sku}", new { quantity = 0 }));
        await Check("get", "/api/cart", anonymous.GetAsync("/api/cart"));

        var key = Shopper.NewKey();
        var created = await shopper.CheckoutAsync(key);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await validator.CheckAsync("post", "/api/checkout", created);
        await Check("post", "/api/checkout", shopper.CheckoutAsync(key));
        await Check("post", "/api/checkout", shopper.CheckoutAsync(key, Shopper.Body(email: "other@shop.example")));
        await Check("post", "/api/checkout", shopper.CheckoutAsync(Shopper.NewKey()));
        await Check("post", "/api/checkout", shopper.CheckoutAsync(Shopper.NewKey(), new { email = "nope" }));
        var shown = await Shopper.NewAsync(shop);
        await shown.AddAsync(sku, 1);
        await Check("post", "/api/checkout", shown.CheckoutAsync(Shopper.NewKey(), new
        {
            email = "a@shop.example",
            shippingAddress = new { name = "Ada", line1 = "1 Main St", city = "London", postalCode = "N1", country = "GB" },
            expectedTotal = new { amount = 0.01m, currency = "USD" },
        }));
        // Out of stock (its 409 names the skus), and a declined card.
        var short1 = await Shopper.NewAsync(shop);
        await short1.AddAsync(sku, 1);
        await Check("post", "/api/checkout", short1.CheckoutAsync(Shopper.NewKey()));
        await shop.Simulators.SetStockAsync(sku, 10);
        await shop.Simulators.SetFaultsAsync(new { payment = new { declineRate = 1.0 } });
        await Check("post", "/api/checkout", short1.CheckoutAsync(Shopper.NewKey()));
        await shop.Simulators.ClearFaultsAsync();

        await Check("get", "/api/orders", shopper.Client.GetAsync("/api/orders"));
        await Check("get", "/api/orders/{id}", shopper.Client.GetAsync($"/api/orders/{id}"));
        await Check("get", "/api/orders/{id}", shopper.Client.GetAsync($"/api/orders/ord_{new string('0', 24)}"));
        await Check("post", "/api/orders/{id}/ship", admin.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier = "DHL", trackingNumber = "1" }));
        await Check("post", "/api/orders/{id}/ship", admin.PostAsJsonAsync($"/api/orders/{UnknownOrder}/ship", new { carrier = "DHL", trackingNumber = "1" }));
        await Check("post", "/api/orders/{id}/cancel", shopper.Client.PostAsync($"/api/orders/{id}/cancel", null));
        await Check("post", "/api/orders/{id}/deliver", admin.PostAsync($"/api/orders/{id}/deliver", null));
        // Delivered is final: the stream sends the timeline and ends.
        await Check("get", "/api/orders/{id}/events", shopper.Client.GetAsync($"/api/orders/{id}/events"));
        using (var badLastEvent = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{id}/events") { Headers = { { "Last-Event-ID", "x" } } })
        {
            await Check("get", "/api/orders/{id}/events", shopper.Client.SendAsync(badLastEvent));
        }
        await Check("get", "/api/admin/orders", admin.GetAsync("/api/admin/orders?status=Delivered"));
        await Check("get", "/api/admin/orders", shopper.Client.GetAsync("/api/admin/orders"));
        await Check("delete", "/api/cart/items/{sku}", shopper.Client.DeleteAsync($"/api/cart/items/{sku}"));
        await Check("delete", "/api/cart", shopper.Client.DeleteAsync("/api/cart"));

        // A confirmed order cancelled, then neither shipped nor delivered; one whose refund the gateway fails.
        var cancelled = await ConfirmedOrderAsync(sku);
        await Check("post", "/api/orders/{id}/cancel", cancelled.Shopper.Client.PostAsync($"/api/orders/{cancelled.Id}/cancel", null));
        await Check("post", "/api/orders/{id}/ship", admin.PostAsJsonAsync($"/api/orders/{cancelled.Id}/ship", new { carrier = "DHL", trackingNumber = "1" }));
        await Check("post", "/api/orders/{id}/deliver", admin.PostAsync($"/api/orders/{cancelled.Id}/deliver", null));
        var unrefunded = await ConfirmedOrderAsync(sku);
        await shop.Simulators.SetFaultsAsync(new { payment = new { errorRate = 1.0 } });
        await Check("post", "/api/orders/{id}/cancel", unrefunded.Shopper.Client.PostAsync($"/api/orders/{unrefunded.Id}/cancel", null));
        // A checkout the gateway fails (502, the order pending), which an admin cannot end while the refund fails (502), then ends.
        var erring = await Shopper.NewAsync(shop);
        await erring.AddAsync(sku, 1);
        var unsettled = await erring.CheckoutAsync(Shopper.NewKey());
        await validator.CheckAsync("post", "/api/checkout", unsettled);
        var pendingId = (await unsettled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        await Check("post", "/api/orders/{id}/fail", admin.PostAsync($"/api/orders/{pendingId}/fail", null));
        await shop.Simulators.ClearFaultsAsync();
        await erring.OrderEventuallyAsync(pendingId, "Failed");
        await Check("post", "/api/orders/{id}/fail", admin.PostAsync($"/api/orders/{pendingId}/fail", null));

        foreach (var (method, template, operation) in Operations(document))
        {
            await ProbeAsync(validator, method, template, operation, anonymous, await shop.CustomerAsync(), admin);
        }
        await ProbeRateLimitsAsync(validator, document, admin);

        Assert.True(validator.Violations.Count == 0, string.Join(Environment.NewLine, validator.Violations.Distinct()));
        var unanswered = Operations(document)
            .SelectMany(o => o.Operation.GetProperty("responses").EnumerateObject().Select(r => $"{o.Method} {o.Template} {r.Name}"))
            .Where(answer => !validator.Seen.Contains(answer) && !AnsweredElsewhere.ContainsKey(answer))
            .ToList();
        Assert.True(unanswered.Count == 0, $"Documented, never answered here: {string.Join(", ", unanswered)}");
    }

    /// <summary>Statuses the document rightly lists that need an outside service slow or unreachable, each driven by a test of its own.</summary>
    private static readonly Dictionary<string, string> AnsweredElsewhere = new()
    {
        ["post /api/checkout 503"] = "a service unreachable: UnreachableServiceTests",
        ["post /api/checkout 504"] = "a service holding its answer past the deadline: CheckoutTests",
        ["post /api/orders/{id}/cancel 503"] = "the payment service unreachable for the refund",
        ["post /api/orders/{id}/cancel 504"] = "the payment service holding the refund's answer past the deadline",
        ["post /api/orders/{id}/fail 200"] = "a pending order whose refund the gateway makes: the gateway holding the charge's answer, OrderEndingTests",
        ["post /api/orders/{id}/fail 503"] = "the payment service unreachable for the refund",
        ["post /api/orders/{id}/fail 504"] = "the payment service holding the refund's answer past the deadline",
    };

    /// <summary>
    /// What an operation answers before its handler does anything, each status checked against the
    /// document: a caller without a token or without the right, a control character in the query or a
    /// route value (400), and for a body, one past 64 KiB (413) or not JSON (415).
    /// </summary>
    private static async Task ProbeAsync(OpenApiResponseValidator validator, string method, string template, JsonElement operation,
        HttpClient anonymous, HttpClient customer, HttpClient admin)
    {
        async Task Send(HttpClient client, string path, int? expected = null, HttpContent? body = null)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path) { Content = body };
            var response = await client.SendAsync(request);
            Assert.True(expected is null || (int)response.StatusCode == expected,
                $"{method.ToUpperInvariant()} {path}: expected {expected}, got {(int)response.StatusCode}");
            await validator.CheckAsync(method, template, response);
        }

        var path = Fill(template, Unknown);
        await Send(anonymous, path, operation.TryGetProperty("security", out _) ? 401 : null);
        await Send(customer, path);
        await Send(admin, path);
        await Send(admin, $"{path}?probe=%01", 400);
        if (template.Contains('{', StringComparison.Ordinal))
        {
            await Send(admin, Fill(template, _ => "%09"), 400);
        }
        if (operation.TryGetProperty("requestBody", out _))
        {
            await Send(admin, path, 413, new StringContent($$"""{"pad": "{{new string('x', 65 * 1024)}}"}""", Encoding.UTF8, "application/json"));
            await Send(admin, path, 415, new StringContent("{}", Encoding.UTF8, "text/plain"));
        }
    }

    /// <summary>Past the rate limits, each operation answers 429: an API of its own with a one-request bucket, on the same cluster.</summary>
    private async Task ProbeRateLimitsAsync(OpenApiResponseValidator validator, JsonElement document, HttpClient admin)
    {
        await using var limited = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, overrides: new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:CustomerPermitsPerSecond"] = "1",
            ["RateLimits:CustomerBurst"] = "1",
        });
        limited.StartServer();
        var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        foreach (var (method, template, _) in Operations(document))
        {
            var statuses = new List<HttpStatusCode>();
            while (statuses.Count < 3 && !statuses.Contains(HttpStatusCode.TooManyRequests))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), Fill(template, Unknown));
                var response = await client.SendAsync(request);
                statuses.Add(response.StatusCode);
                await validator.CheckAsync(method, template, response);
            }
            Assert.True(statuses.Contains(HttpStatusCode.TooManyRequests), $"{method} {template} answered {string.Join(", ", statuses)} past its limit");
        }
    }

    private async Task<(Shopper Shopper, string Id)> ConfirmedOrderAsync(string sku)
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(sku, 1);
        var response = await shopper.CheckoutAsync(Shopper.NewKey());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (shopper, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    private static readonly string UnknownOrder = $"ord_{new string('0', 24)}";

    private static readonly string UnknownSku = Products.NewSku("PR");

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>Every operation the document lists.</summary>
    private static List<(string Method, string Template, JsonElement Operation)> Operations(JsonElement document) =>
        [.. document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)).Select(o => (o.Name, path.Name, o.Value)))];

    /// <summary>A path of the template, each route value given by <paramref name="value"/> from its name.</summary>
    private static string Fill(string template, Func<string, string> value) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)\}", match => value(match.Groups[1].Value));

    /// <summary>A well-formed route value that names nothing.</summary>
    private static string Unknown(string name) => name switch
    {
        "sku" => UnknownSku,
        "id" => UnknownOrder,
        _ => throw new InvalidOperationException($"No well-formed value for the route value {{{name}}}: add one here."),
    };
}
