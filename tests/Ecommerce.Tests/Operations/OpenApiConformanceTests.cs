using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// Real traffic (the catalog, cart, checkout, order and sign-in flows, happy and every documented
/// error) checked against /openapi/v1.json: clients generate their SDKs from it, so it must be
/// what the API does.
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
    public async Task EveryAnswerOfTheMainFlowsMatchesTheDocument()
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

        Assert.True(validator.Violations.Count == 0, string.Join(Environment.NewLine, validator.Violations.Distinct()));
    }
}
