extern alias LoadToolHost;

using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Infrastructure;
using LoadToolHost::Ecommerce.LoadTool;

namespace Ecommerce.Tests.Benchmarks;

/// <summary>A shop of its own: the seeded products and orders would show in other tests' listings.</summary>
public sealed class SeededShopFixture : ShopFixture;

/// <summary>The load tool's seeding (scale benchmark): rows the grains read back, and the listings show.</summary>
public sealed class ShopSeederSmokeTests(SeededShopFixture shop) : IClassFixture<SeededShopFixture>
{
    [Fact]
    public async Task SeededProductsAndOrdersAreReadByTheirGrainsAndListedAndSeedingAgainAddsNothing()
    {
        // The one listed product the seeding copies; its checkout gives the confirmed order it copies.
        await Products.CreateAsync(await shop.AdminAsync(), Products.Body("SKU-00001", name: "Red Mug 1", category: "kitchen"));
        using var http = new HttpClient { BaseAddress = shop.Api.ClientOptions.BaseAddress };
        var output = new StringWriter();
        var options = new LoadOptions { Url = http.BaseAddress, Simulators = shop.Simulators.BaseAddress, Postgres = shop.ConnectionString };
        var tool = await Shop.OpenAsync(http, customers: 1, options.Simulators);

        await ShopSeeder.SeedAsync(options, tool, products: 60, orders: 50, output);

        // A seeded product, read by its grain from its state row (found under the key hash the seeding computed).
        var product = await http.GetFromJsonAsync<JsonElement>("api/products/SKU-00040");
        Assert.Equal(("Blue Scarf 40", "apparel", true), (product.GetProperty("name").GetString(), product.GetProperty("category").GetString(), product.GetProperty("active").GetBoolean()));
        var catalog = await http.GetFromJsonAsync<JsonElement>("api/products?category=apparel&pageSize=100");
        Assert.Equal(10, catalog.GetProperty("total").GetInt32()); // 40-49: the tens digit makes the category, as in the demo catalog

        // A seeded customer's ten orders, listed from the read model, and one read by its grain.
        using var customer = await shop.CustomerAsync("scale-3");
        var orders = await customer.GetFromJsonAsync<JsonElement>("/api/orders");
        Assert.Equal(ShopSeeder.OrdersPerCustomer, orders.GetProperty("total").GetInt32());
        var id = orders.GetProperty("items")[0].GetProperty("id").GetString();
        var order = await customer.GetFromJsonAsync<JsonElement>($"/api/orders/{id}");
        Assert.Equal(("scale-3", "Confirmed"), (order.GetProperty("customerId").GetString(), order.GetProperty("status").GetString()));

        await using var count = shop.Database.CreateCommand("SELECT count(*) FROM orleansstorage WHERE graintypestring IN ('product', 'order')");
        var rows = (long)(await count.ExecuteScalarAsync())!;
        await ShopSeeder.SeedAsync(options, tool, products: 60, orders: 50, output);
        Assert.Equal(rows, (long)(await count.ExecuteScalarAsync())!);
    }
}
