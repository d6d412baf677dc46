using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

[Collection(ShopCollectionDefinition.Name)]
public sealed class OpenApiTests(ShopFixture shop)
{
    /// <summary>Every endpoint of api.md with every status its tables name.</summary>
    public static TheoryData<string, string, int[]> Contract => new()
    {
        { "get", "/api/products", [200, 400] },
        { "get", "/api/products/{sku}", [200, 404] },
        { "post", "/api/products", [201, 400, 401, 403, 409, 413] },
        { "put", "/api/products/{sku}", [200, 400, 401, 403, 404] },
        { "delete", "/api/products/{sku}", [204, 401, 403, 404] },
        { "get", "/api/cart", [200, 401] },
        { "put", "/api/cart/items/{sku}", [200, 400, 401, 404] },
        { "delete", "/api/cart/items/{sku}", [200, 401] },
        { "delete", "/api/cart", [204, 401] },
        { "post", "/api/checkout", [201, 400, 401, 402, 409, 422, 502, 503, 504] },
        { "get", "/api/orders", [200, 401] },
        { "get", "/api/orders/{id}", [200, 401, 404] },
        { "post", "/api/orders/{id}/cancel", [200, 401, 404, 409] },
        { "post", "/api/orders/{id}/ship", [200, 400, 401, 403, 404, 409] },
        { "post", "/api/orders/{id}/deliver", [200, 401, 403, 404, 409] },
        { "get", "/api/orders/{id}/events", [200, 401, 404, 429] },
        { "get", "/api/admin/orders", [200, 400, 401, 403] },
        { "post", "/dev/token", [200, 400] },
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

    [Fact]
    public async Task TheInteractivePageIsServedInDevelopment()
    {
        var page = await shop.Anonymous().GetAsync("/scalar/");

        Assert.True(page.IsSuccessStatusCode, $"/scalar/ answered {(int)page.StatusCode}");
        Assert.Contains("html", page.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }
}
