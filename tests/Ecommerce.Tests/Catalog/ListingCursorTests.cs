using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Catalog;

/// <summary>
/// The listings' cursors (api.md, Listings): a client that follows <c>next</c> sees every item
/// that existed when it began exactly once, however many are added meanwhile; a cursor works
/// only for the listing, filters and customer it was issued for, and only as issued.
/// </summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class ListingCursorTests(ShopFixture shop)
{
    [Fact]
    public async Task FollowingNextThroughTheCatalogWhileProductsAreAddedSeesEachProductOnce()
    {
        var seed = Environment.GetEnvironmentVariable("ECOMMERCE_TEST_SEED") is { } fixedSeed ? int.Parse(fixedSeed) : Random.Shared.Next();
        var random = new Random(seed);
        var admin = await shop.AdminAsync();
        var category = $"cursor-{Guid.NewGuid():N}"[..20];
        string NewSku() => $"{(char)('a' + random.Next(26))}{(char)('a' + random.Next(26))}-{random.Next(1_000_000):D6}-{Guid.NewGuid():N}"[..24];
        var existing = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            existing.Add((await Products.CreateAsync(admin, Products.Body(NewSku(), category: category))).GetProperty("sku").GetString()!);
        }

        var seen = new List<string>();
        var url = $"/api/products?category={category}&pageSize=4";
        while (url is not null)
        {
            var page = await shop.Anonymous().GetFromJsonAsync<JsonElement>(url);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("sku").GetString()!));
            // Two more products between pages, before and after the reader's place alike.
            await Products.CreateAsync(admin, Products.Body(NewSku(), category: category));
            await Products.CreateAsync(admin, Products.Body(NewSku(), category: category));
            url = page.GetProperty("next").GetString() is { } next ? $"/api/products?cursor={Uri.EscapeDataString(next)}&pageSize=4" : null;
        }

        Assert.True(seen.Count == seen.Distinct().Count(), $"An item came twice (seed {seed}): {string.Join(", ", seen)}");
        Assert.True(existing.All(seen.Contains), $"An item was skipped (seed {seed}): {string.Join(", ", existing.Except(seen))}");
        Assert.True(seen.SequenceEqual(seen.Order(StringComparer.Ordinal)), $"Out of sku order (seed {seed}): {string.Join(", ", seen)}");
    }

    [Fact]
    public async Task FollowingNextThroughMyOrdersWhileIOrderMoreSeesEachOrderOnceNewestFirst()
    {
        var shopper = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop, price: 3m, stock: 100);
        var existing = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            existing.Add(await OrderAsync(shopper, sku));
        }

        var seen = new List<string>();
        var url = "/api/orders?pageSize=2";
        while (url is not null)
        {
            var page = await shopper.Client.GetFromJsonAsync<JsonElement>(url);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
            await OrderAsync(shopper, sku);
            url = page.GetProperty("next").GetString() is { } next ? $"/api/orders?cursor={Uri.EscapeDataString(next)}&pageSize=2" : null;
        }

        // Orders made after the reader began are newer than where it stands: none shows up.
        Assert.Equal(Enumerable.Reverse(existing), seen);
    }

    [Fact]
    public async Task ACursorWorksOnlyAsIssuedForItsListingItsFiltersAndItsCustomer()
    {
        var alice = await Shopper.NewAsync(shop);
        var sku = await Shopper.ProductAsync(shop, price: 4m, stock: 100);
        await OrderAsync(alice, sku);
        await OrderAsync(alice, sku);
        var mine = await alice.Client.GetFromJsonAsync<JsonElement>("/api/orders?pageSize=1");
        var cursor = mine.GetProperty("next").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await alice.Client.GetAsync($"/api/orders?cursor={Uri.EscapeDataString(cursor)}")).StatusCode);

        var mallory = await Shopper.NewAsync(shop);
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        var altered = cursor[..(dot - 2)] + (cursor[dot - 2] == 'A' ? 'B' : 'A') + cursor[(dot - 1)..];
        var attempts = new (HttpClient Client, string Url)[]
        {
            (mallory.Client, $"/api/orders?cursor={Uri.EscapeDataString(cursor)}"), // another customer's
            (alice.Client, $"/api/orders?cursor={Uri.EscapeDataString(altered)}"),
            (alice.Client, $"/api/orders?cursor={Uri.EscapeDataString(cursor)}&status=Failed"),
            (alice.Client, $"/api/orders?cursor={Uri.EscapeDataString(cursor)}&page=2"),
            (alice.Client, $"/api/products?cursor={Uri.EscapeDataString(cursor)}"),
            (await shop.AdminAsync(), $"/api/admin/orders?cursor={Uri.EscapeDataString(cursor)}"),
            (alice.Client, "/api/orders?cursor=not-a-cursor"),
            (alice.Client, $"/api/orders?cursor={new string('A', 40)}.{new string('B', 22)}"),
        };
        foreach (var (client, url) in attempts)
        {
            var problem = await ProblemAssert.IsValidationProblemAsync(await client.GetAsync(url), "cursor");
            Assert.DoesNotContain(alice.CustomerId, problem.ToString());
        }
    }

    [Fact]
    public async Task PagesByNumberReachTheFirstTenThousandItemsAndNoFurther()
    {
        Assert.Equal(HttpStatusCode.OK, (await shop.Anonymous().GetAsync("/api/products?page=500&pageSize=20")).StatusCode);
        await ProblemAssert.IsValidationProblemAsync(await shop.Anonymous().GetAsync("/api/products?page=501&pageSize=20"), "page");
        await ProblemAssert.IsValidationProblemAsync(await shop.Anonymous().GetAsync("/api/products?page=101&pageSize=100"), "page");
        var admin = await shop.AdminAsync();
        await ProblemAssert.IsValidationProblemAsync(await admin.GetAsync("/api/admin/orders?page=10001&pageSize=1"), "page");
    }

    [Fact]
    public async Task ACountPastTenThousandIsTenThousandAndSaysSo()
    {
        var category = $"many-{Guid.NewGuid():N}"[..20];
        await using (var insert = shop.Database.CreateCommand("""
            INSERT INTO catalog_products (sku, name, description, category, price, currency, active, updated_at)
            SELECT $1 || '-' || lpad(i::text, 6, '0'), 'Bulk ' || i, '', $1, 1.00, 'USD', true, now() FROM generate_series(1, 10005) AS i
            """))
        {
            insert.Parameters.AddWithValue(category);
            await insert.ExecuteNonQueryAsync();
        }
        try
        {
            var many = await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products?category={category}&pageSize=100");
            Assert.Equal(10_000, many.GetProperty("total").GetInt32());
            Assert.True(many.GetProperty("totalIsLowerBound").GetBoolean());

            var few = await shop.Anonymous().GetFromJsonAsync<JsonElement>($"/api/products?category={category}&search=Bulk%2010001");
            Assert.Equal(1, few.GetProperty("total").GetInt32());
            Assert.False(few.TryGetProperty("totalIsLowerBound", out _), $"Only a lower bound says so: {few}");
            Assert.Equal(JsonValueKind.Null, few.GetProperty("next").ValueKind);
        }
        finally
        {
            await using var delete = shop.Database.CreateCommand("DELETE FROM catalog_products WHERE category = $1");
            delete.Parameters.AddWithValue(category);
            await delete.ExecuteNonQueryAsync();
        }
    }

    private static async Task<string> OrderAsync(Shopper shopper, string sku)
    {
        await shopper.AddAsync(sku, 1);
        var response = await shopper.CheckoutAsync(Shopper.NewKey());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
