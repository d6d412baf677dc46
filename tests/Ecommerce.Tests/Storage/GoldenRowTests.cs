using System.Text.Json;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.Interfaces.Products;
using Ecommerce.Tests.Grains;
using Ecommerce.Tests.Infrastructure;
using Npgsql;

namespace Ecommerce.Tests.Storage;

/// <summary>
/// Rows as earlier versions stored them (Golden/v1-rows.json: written by the code before the
/// cart lock and the workflow table, one product, cart and order at every step), loaded into
/// the database under this cluster: today's grains serve them and carry unfinished orders to
/// their end. Every change to a stored shape adds its own file of rows.
/// </summary>
[Collection(GrainClusterDefinition.Name)]
public sealed class GoldenRowTests(GrainClusterFixture shop)
{
    [Fact]
    public async Task RowsStoredByTheVersionBeforeTheCartLockAreServedAndTheirOrdersFinish()
    {
        var rows = await LoadAsync("v1-rows.json");
        await shop.Simulators.SetStockAsync("golden-mug", 100);
        await shop.Simulators.SetStockAsync("golden-lamp", 100);
        // The outside world as it stood: the charging order's stock was reserved.
        using (var http = shop.Simulators.CreateClient())
        {
            var reserved = await http.PostAsync("/inventory/reservations", System.Net.Http.Json.JsonContent.Create(new
            {
                reservationId = rows["order-charging"],
                items = new[] { new { sku = "golden-mug", quantity = 2 }, new { sku = "golden-lamp", quantity = 1 } },
            }));
            Assert.True(reserved.IsSuccessStatusCode);
        }

        var mug = await shop.Grains.GetProduct("golden-mug").GetAsync();
        Assert.Equal(new ProductDetails("golden-mug", "Golden mug", "A mug.\nGold.", "kitchen", new(12.50m, "USD"), true), mug);
        Assert.False((await shop.Grains.GetProduct("golden-gone").GetAsync())!.Active);

        var cart = await shop.Cart("golden-cart").GetAsync();
        Assert.Equal(2, Assert.Single(cart.Items).Quantity);
        Assert.Equal("golden-lamp", Assert.Single(cart.Unavailable).Sku); // its product row is not among the golden ones
        Assert.Null(cart.CheckoutOrderId);

        var expected = new Dictionary<string, OrderStatus>
        {
            ["order-confirmed-finished"] = OrderStatus.Confirmed,
            ["order-failed-declined"] = OrderStatus.Failed,
            ["order-cancelled"] = OrderStatus.Cancelled,
            ["order-cancelling"] = OrderStatus.Confirmed,
            // Unfinished: carried to their end by today's workflow.
            ["order-reserving"] = OrderStatus.Confirmed,
            ["order-charging"] = OrderStatus.Confirmed,
            ["order-releasing"] = OrderStatus.Failed,
            ["order-confirmed-email-pending"] = OrderStatus.Confirmed,
        };
        foreach (var (name, status) in expected)
        {
            var id = rows[name];
            var order = await Poll.ForAsync(() => shop.Order(id).GetAsync(), o => o?.Status == status, $"{name} ends {status}");
            Assert.Equal(55.00m, order!.Total.Amount);
            Assert.Equal(2, order.Items.Count);
        }
        foreach (var name in new[] { "order-reserving", "order-charging", "order-confirmed-email-pending" })
        {
            await Poll.UntilAsync(async () => (await shop.Simulators.EmailsAsync(rows[name])).Count == 1, $"{name} gets one e-mail");
            Assert.True((await shop.Simulators.ChargesAsync(rows[name])).Count <= 1);
        }
        Assert.Equal("The card was declined.", (await shop.Order(rows["order-failed-declined"]).GetAsync())!.FailureReason);
        // Sold by the carried orders: the reserving and charging ones; the releasing one gave its stock back.
        Assert.Equal((96, 0), await shop.Simulators.StockAsync("golden-mug"));
    }

    [Fact]
    public async Task RowsStoredByTheWorkflowTableVersionAreServedAndTheirOrdersFinish()
    {
        var rows = await LoadAsync("v2-rows.json");
        var payloads = await PayloadsAsync("v2-rows.json");
        var mug = payloads["product-mug"].GetProperty("sku").GetString()!;
        var lamp = payloads["product-lamp"].GetProperty("sku").GetString()!;
        await shop.Simulators.SetStockAsync(mug, 100);
        await shop.Simulators.SetStockAsync(lamp, 100);
        using (var http = shop.Simulators.CreateClient())
        {
            var reserved = await http.PostAsync("/inventory/reservations", System.Net.Http.Json.JsonContent.Create(new
            {
                reservationId = rows["order-charging"],
                items = new[] { new { sku = mug, quantity = 2 }, new { sku = lamp, quantity = 1 } },
            }));
            Assert.True(reserved.IsSuccessStatusCode);
        }

        Assert.Equal(rows["order-charging"], payloads["cart-locked"].GetProperty("checkout").GetProperty("orderId").GetString());
        var locked = await shop.Cart(rows["cart-locked"]["customer:".Length..]).GetAsync();
        Assert.Equal(rows["order-charging"], locked.CheckoutOrderId);

        var expected = new Dictionary<string, OrderStatus>
        {
            ["order-confirmed"] = OrderStatus.Confirmed,
            ["order-failed-declined"] = OrderStatus.Failed,
            ["order-cancelled"] = OrderStatus.Cancelled,
            // Unfinished: carried to their end.
            ["order-reserving"] = OrderStatus.Confirmed,
            ["order-charging"] = OrderStatus.Confirmed,
            ["order-emailing"] = OrderStatus.Confirmed,
            ["order-releasing"] = OrderStatus.Failed,
            ["order-reopening"] = OrderStatus.Failed,
        };
        foreach (var (name, status) in expected)
        {
            var id = rows[name];
            var order = await Poll.ForAsync(() => shop.Order(id).GetAsync(), o => o?.Status == status, $"{name} ends {status}");
            Assert.Equal(55.00m, order!.Total.Amount);
        }
        foreach (var name in new[] { "order-reserving", "order-charging", "order-emailing" })
        {
            await Poll.UntilAsync(async () => (await shop.Simulators.EmailsAsync(rows[name])).Count == 1, $"{name} gets one e-mail");
        }
        // The charging order's lines left its locked cart, and the cart is free again.
        var after = await shop.Cart(rows["cart-locked"]["customer:".Length..]).GetAsync();
        Assert.Null(after.CheckoutOrderId);
        Assert.Empty(after.Items);
    }

    private static async Task<Dictionary<string, JsonElement>> PayloadsAsync(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Storage", "Golden", file);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        return document.RootElement.EnumerateArray().ToDictionary(
            r => r.GetProperty("name").GetString()!,
            r => JsonDocument.Parse(r.GetProperty("payload").GetString()!).RootElement.Clone());
    }

    /// <summary>Inserts the file's rows under this cluster's service id; returns each row's grain key by name.</summary>
    private async Task<Dictionary<string, string>> LoadAsync(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Storage", "Golden", file);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var keys = new Dictionary<string, string>();
        await using var database = NpgsqlDataSource.Create(shop.ConnectionString);
        foreach (var row in document.RootElement.EnumerateArray())
        {
            await using var insert = database.CreateCommand("""
                INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                            grainidextensionstring, serviceid, payloadbinary, version)
                VALUES ($1, $2, $3, $4, $5, $6, $7, convert_to($8, 'UTF8'), $9)
                """);
            insert.Parameters.Add(new() { Value = row.GetProperty("grainIdHash").GetInt32() });
            insert.Parameters.Add(new() { Value = row.GetProperty("grainIdN0").GetInt64() });
            insert.Parameters.Add(new() { Value = row.GetProperty("grainIdN1").GetInt64() });
            insert.Parameters.Add(new() { Value = row.GetProperty("grainTypeHash").GetInt32() });
            insert.Parameters.Add(new() { Value = row.GetProperty("grainTypeString").GetString()! });
            insert.Parameters.Add(new() { Value = row.GetProperty("grainIdExtensionString").GetString()! });
            insert.Parameters.Add(new() { Value = shop.Cluster.Options.ServiceId });
            insert.Parameters.Add(new() { Value = row.GetProperty("payload").GetString()! });
            insert.Parameters.Add(new() { Value = row.GetProperty("version").GetInt32() });
            await insert.ExecuteNonQueryAsync();
            keys[row.GetProperty("name").GetString()!] = row.GetProperty("grainIdExtensionString").GetString()!;
        }
        return keys;
    }
}
