using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Catalog;

[Collection(ShopCollectionDefinition.Name)]
public sealed class CatalogBadInputTests(ShopFixture shop)
{
    public static TheoryData<string, string> BadCreateBodies => new()
    {
        { """{"sku": "A1", "name": "Mug", "category": "kitchen", "price": {"amount": 1.00, "currency": "USD"}""", "body" },
        { """["not", "an", "object"]""", "body" },
        { """{"sku": 12, "name": "Mug", "category": "kitchen", "price": {"amount": 1.00, "currency": "USD"}}""", "sku" },
        { """{"sku": "A1", "name": "Mug", "category": "kitchen", "price": {"amount": "1.00", "currency": "USD"}}""", "amount" },
        { """{"sku": "A1", "name": "Mug", "category": "kitchen", "price": {"amount": 1.00, "currency": "USD"}, "active": true}""", "active" },
        { """{"sku": "A1", "name": "Mug", "category": "kitchen", "price": {"amount": 1.00, "currency": "USD", "cents": 5}}""", "cents" },
        { """{"sku": "-A1", "name": "Mug", "category": "kitchen", "price": {"amount": 1.00, "currency": "USD"}}""", "sku" },
        { """{"sku": "A 1", "name": "Mug", "category": "kitchen", "price": {"amount": 1.00, "currency": "USD"}}""", "sku" },
        { $$$"""{"sku": "{{{new string('a', 65)}}}", "name": "Mug", "category": "kitchen", "price": {"amount": 1.00, "currency": "USD"}}""", "sku" },
        { """{"name": "Mug", "category": "kitchen", "price": {"amount": 1.00, "currency": "USD"}}""", "sku" },
        { """{"sku": "A1", "name": "", "category": "kitchen", "price": {"amount": 1.00, "currency": "USD"}}""", "name" },
        { $$$"""{"sku": "A1", "name": "{{{new string('n', 201)}}}", "category": "kitchen", "price": {"amount": 1.00, "currency": "USD"}}""", "name" },
        { $$$"""{"sku": "A1", "name": "Mug", "description": "{{{new string('d', 4001)}}}", "category": "kitchen", "price": {"amount": 1.00, "currency": "USD"}}""", "description" },
        { """{"sku": "A1", "name": "Mug", "category": "", "price": {"amount": 1.00, "currency": "USD"}}""", "category" },
        { $$$"""{"sku": "A1", "name": "Mug", "category": "{{{new string('c', 65)}}}", "price": {"amount": 1.00, "currency": "USD"}}""", "category" },
        { """{"sku": "A1", "name": "Mug", "category": "kitchen"}""", "price" },
        { """{"sku": "A1", "name": "Mug", "category": "kitchen", "price": {"amount": 0, "currency": "USD"}}""", "amount" },
        { """{"sku": "A1", "name": "Mug", "category": "kitchen", "price": {"amount": -5, "currency": "USD"}}""", "amount" },
        { """{"sku": "A1", "name": "Mug", "category": "kitchen", "price": {"amount": 1000000.01, "currency": "USD"}}""", "amount" },
        { """{"sku": "A1", "name": "Mug", "category": "kitchen", "price": {"amount": 1.005, "currency": "USD"}}""", "amount" },
        { """{"sku": "A1", "name": "Mug", "category": "kitchen", "price": {"amount": 1e400, "currency": "USD"}}""", "amount" },
        { """{"sku": "A1", "name": "Mug", "category": "kitchen", "price": {"amount": 1.00, "currency": "EUR"}}""", "currency" },
        { """{"sku": "A1", "name": "Mug", "category": "kitchen", "price": {"amount": 1.00}}""", "currency" },
    };

    [Theory]
    [MemberData(nameof(BadCreateBodies))]
    public async Task BadProductBodyIsAValidationProblem(string json, string field)
    {
        var admin = await shop.AdminAsync();

        var response = await admin.PostAsync("/api/products", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task BadUpdateBodyIsAValidationProblemAndChangesNothing()
    {
        var admin = await shop.AdminAsync();
        var sku = Products.NewSku();
        await Products.CreateAsync(admin, Products.Body(sku, price: 5m));

        var response = await admin.PutAsync($"/api/products/{sku}", new StringContent(
            """{"name": "Mug", "category": "kitchen", "price": {"amount": 0.001, "currency": "USD"}}""", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsValidationProblemAsync(response, "amount");
        var product = await shop.Anonymous().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/products/{sku}");
        Assert.Equal(5m, product.GetProperty("price").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task UpdateBodyMayNotCarryASku()
    {
        var admin = await shop.AdminAsync();
        var sku = Products.NewSku();
        await Products.CreateAsync(admin, Products.Body(sku));

        var response = await admin.PutAsJsonAsync($"/api/products/{sku}", new { sku = "other", name = "Mug", category = "k", price = new { amount = 1m, currency = "USD" } });

        await ProblemAssert.IsValidationProblemAsync(response, "sku");
    }

    [Fact]
    public async Task MissingBodyIsABadRequest()
    {
        var admin = await shop.AdminAsync();

        var response = await admin.PostAsync("/api/products", new StringContent("", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BodyOver64KiBIsTooLarge()
    {
        var admin = await shop.AdminAsync();
        var json = $$$"""{"sku": "A1", "name": "Mug", "description": "{{{new string('d', 70_000)}}}", "category": "k", "price": {"amount": 1.00, "currency": "USD"}}""";

        var response = await admin.PostAsync("/api/products", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("/api/products/-bad", "sku")]
    [InlineData("/api/products/has%20space", "sku")]
    [InlineData("/api/products/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "sku")]
    [InlineData("/api/products?page=0", "page")]
    [InlineData("/api/products?pageSize=0", "pageSize")]
    [InlineData("/api/products?pageSize=101", "pageSize")]
    public async Task BadAddressIsAValidationProblem(string path, string field)
    {
        var response = await shop.Anonymous().GetAsync(path);

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Theory]
    [InlineData("/api/products?page=abc")]
    [InlineData("/api/products?pageSize=1.5")]
    [InlineData("/api/products?page=99999999999")]
    public async Task UnreadableQueryIsABadRequest(string path)
    {
        var response = await shop.Anonymous().GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OverlongSearchIsAValidationProblem()
    {
        var response = await shop.Anonymous().GetAsync($"/api/products?search={new string('s', 201)}");

        await ProblemAssert.IsValidationProblemAsync(response, "search");
    }

    [Fact]
    public async Task BadSkuOnUpdateAndDeleteIsAValidationProblem()
    {
        var admin = await shop.AdminAsync();

        await ProblemAssert.IsValidationProblemAsync(await admin.PutAsJsonAsync("/api/products/-x", Products.UpdateBody()), "sku");
        await ProblemAssert.IsValidationProblemAsync(await admin.DeleteAsync("/api/products/-x"), "sku");
    }
}
