using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Carts;

/// <summary>A shop whose carts expire after two idle seconds.</summary>
public sealed class ExpiringCartsFixture : ShopFixture
{
    protected override IReadOnlyDictionary<string, string?> SiloSettings => new Dictionary<string, string?>
    {
        ["Carts:IdleExpiry"] = "00:00:02",
    };
}

public sealed class CartExpiryTests(ExpiringCartsFixture shop) : IClassFixture<ExpiringCartsFixture>
{
    [Fact]
    public async Task AnIdleCartIsEmptiedByItsReminder()
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 3);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement cart;
        do
        {
            await Task.Delay(500);
            cart = await shopper.Client.GetFromJsonAsync<JsonElement>("/api/cart");
        }
        while (cart.GetProperty("items").GetArrayLength() > 0 && DateTime.UtcNow < deadline);

        Assert.Equal(0, cart.GetProperty("items").GetArrayLength());
        await using var command = shop.Database.CreateCommand(
            "SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%' || $1 AND remindername = 'expire'");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = shopper.CustomerId });
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }
}
