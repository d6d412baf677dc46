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

        await Poll.UntilAsync(async () => (await shopper.Client.GetFromJsonAsync<JsonElement>("/api/cart")).GetProperty("items").GetArrayLength() == 0,
            "the idle cart is emptied");

        await using var command = shop.Database.CreateCommand(
            "SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%' || $1 AND remindername = 'expire'");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = shopper.CustomerId });
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }
}
