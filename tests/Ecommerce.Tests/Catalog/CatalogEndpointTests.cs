using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Catalog;

[Collection(ShopCollectionDefinition.Name)]
public sealed class CatalogEndpointTests(ShopFixture shop)
{
    [Fact]
    public async Task AdminCreatesProductThatAnyoneCanRead()
    {
        var admin = await shop.AdminAsync();
        var sku = Products.NewSku();

        var created = await admin.PostAsJsonAsync("/api/products", Products.Body(sku, price: 12.5m));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/products/{sku}", created.Headers.Location?.OriginalString);
        var read = await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products/{sku}");
        Assert.Equal(sku, read.GetProperty("sku").GetString());
        Assert.Equal("Blue mug", read.GetProperty("name").GetString());
        Assert.Equal("A mug, blue.", read.GetProperty("description").GetString());
        Assert.Equal("kitchen", read.GetProperty("category").GetString());
        Assert.Equal(12.50m, read.GetProperty("price").GetProperty("amount").GetDecimal());
        Assert.Equal("USD", read.GetProperty("price").GetProperty("currency").GetString());
        Assert.True(read.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task CreatingATakenSkuIsAConflictAndKeepsTheFirstProduct()
    {
        var admin = await shop.AdminAsync();
        var sku = Products.NewSku();
        await Products.CreateAsync(admin, Products.Body(sku, name: "First"));

        var again = await admin.PostAsJsonAsync("/api/products", Products.Body(sku, name: "Second"));

        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
        var read = await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products/{sku}");
        Assert.Equal("First", read.GetProperty("name").GetString());
    }

    [Fact]
    public async Task UnknownSkuIsNotFoundForReadUpdateAndDelete()
    {
        var admin = await shop.AdminAsync();
        var sku = Products.NewSku();

        await ProblemAssert.IsProblemAsync(await shop.Anonymous().GetAsync($"/api/products/{sku}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await admin.PutAsJsonAsync($"/api/products/{sku}", Products.UpdateBody()), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await admin.DeleteAsync($"/api/products/{sku}"), HttpStatusCode.NotFound);
        // A failed update or delete must not have created the product.
        await ProblemAssert.IsProblemAsync(await shop.Anonymous().GetAsync($"/api/products/{sku}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UpdateReplacesTheProductEverywhere()
    {
        var admin = await shop.AdminAsync();
        var sku = Products.NewSku();
        var category = $"cat-{Guid.NewGuid():N}";
        await Products.CreateAsync(admin, Products.Body(sku, category: category));

        var updated = await admin.PutAsJsonAsync($"/api/products/{sku}", Products.UpdateBody(name: "Red mug", price: 14m, category: category));

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var body = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Red mug", body.GetProperty("name").GetString());
        Assert.Equal(14m, body.GetProperty("price").GetProperty("amount").GetDecimal());
        var listed = await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products?category={category}");
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal("Red mug", item.GetProperty("name").GetString());
        Assert.Equal(14m, item.GetProperty("price").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task DiscontinuedProductIsHiddenFromListingsButStillReadable()
    {
        var admin = await shop.AdminAsync();
        var category = $"cat-{Guid.NewGuid():N}";
        var kept = Products.NewSku("A");
        var dropped = Products.NewSku("B");
        await Products.CreateAsync(admin, Products.Body(kept, category: category));
        await Products.CreateAsync(admin, Products.Body(dropped, category: category));

        var deleted = await admin.DeleteAsync($"/api/products/{dropped}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var listed = await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products?category={category}");
        Assert.Equal([kept], listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()));
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        var read = await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products/{dropped}");
        Assert.False(read.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/products/{dropped}")).StatusCode);
    }

    [Fact]
    public async Task SkusThatLookLikeNumbersOrGuidsAreDistinctProducts()
    {
        var admin = await shop.AdminAsync();
        // Orleans storage would parse the hex-looking ones as numbers and the last two as one GUID.
        string[] skus = ["0123", "123", "ABC", "abc", "0123456789abcdef0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF"];

        foreach (var sku in skus)
        {
            var created = await admin.PostAsJsonAsync("/api/products", Products.Body(sku, name: $"Product {sku}"));
            Assert.True(HttpStatusCode.Created == created.StatusCode, $"{sku}: {await created.Content.ReadAsStringAsync()}");
        }

        foreach (var sku in skus)
        {
            var read = await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products/{sku}");
            Assert.Equal(sku, read.GetProperty("sku").GetString());
            Assert.Equal($"Product {sku}", read.GetProperty("name").GetString());
        }
        var rows = await CountAsync("SELECT count(*) FROM catalog_products WHERE sku = ANY($1)", skus);
        Assert.Equal(skus.Length, rows);
    }

    [Fact]
    public async Task ListingSearchesNameAndDescriptionIgnoringCaseAndPagesBySku()
    {
        var admin = await shop.AdminAsync();
        var word = $"w{Guid.NewGuid():N}"[..12];
        var skus = Enumerable.Range(0, 5).Select(i => $"L{word}-{i}").ToList();
        await Products.CreateAsync(admin, Products.Body(skus[3], name: $"Kettle {word.ToUpperInvariant()}"));
        await Products.CreateAsync(admin, Products.Body(skus[1], description: $"A pot, {word}ish"));
        await Products.CreateAsync(admin, Products.Body(skus[4], name: $"{word} lamp"));
        await Products.CreateAsync(admin, Products.Body(skus[0], name: "Unrelated", description: "Nothing to see"));
        await Products.CreateAsync(admin, Products.Body(skus[2], name: $"Old {word}"));
        await admin.DeleteAsync($"/api/products/{skus[2]}");

        var first = await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products?search={word.ToUpperInvariant()}&pageSize=2");
        var second = await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products?search={word}&pageSize=2&page=2");

        Assert.Equal([skus[1], skus[3]], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()));
        Assert.Equal([skus[4]], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()));
        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        Assert.Equal(2, second.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task SearchTreatsLikeWildcardsAsText()
    {
        var admin = await shop.AdminAsync();
        var word = $"{Guid.NewGuid():N}"[..10];
        var literal = Products.NewSku();
        await Products.CreateAsync(admin, Products.Body(literal, name: $"100% {word}"));
        await Products.CreateAsync(admin, Products.Body(Products.NewSku(), name: $"100 {word}"));

        var listed = await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products?search={Uri.EscapeDataString($"100% {word}")}");

        Assert.Equal([literal], listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()));
    }

    [Fact]
    public async Task ListingDefaultsToTheFirstPageOfTwenty()
    {
        var listed = await shop.Anonymous().GetFromJsonAsync<JsonElement>("/api/products");

        Assert.Equal(1, listed.GetProperty("page").GetInt32());
        Assert.Equal(20, listed.GetProperty("pageSize").GetInt32());
        Assert.True(listed.GetProperty("items").GetArrayLength() <= 20);
    }

    private async Task<long> CountAsync(string sql, string[] skus)
    {
        await using var command = shop.Database.CreateCommand(sql);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string[]> { TypedValue = skus });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
