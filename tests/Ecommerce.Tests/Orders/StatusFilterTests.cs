using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Orders;

/// <summary>A status filter takes exactly one of the six names, in any case, and returns only that status.</summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class StatusFilterTests(ShopFixture shop)
{
    [Theory]
    [InlineData("Confirmed,Failed")] // Enum.TryParse combines these into Cancelled
    [InlineData("Pending ")]
    [InlineData(" Pending")]
    [InlineData("1")]
    [InlineData("Pending|Failed")]
    public async Task AnythingButOneNameIsRefused(string status)
    {
        var admin = await shop.AdminAsync();
        var shopper = await Shopper.NewAsync(shop);
        var query = $"status={Uri.EscapeDataString(status)}";

        await ProblemAssert.IsValidationProblemAsync(await admin.GetAsync($"/api/admin/orders?{query}"), "status");
        await ProblemAssert.IsValidationProblemAsync(await shopper.Client.GetAsync($"/api/orders?{query}"), "status");
    }

    [Fact]
    public async Task ANameInAnyCaseListsOnlyThatStatus()
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        Assert.Equal(HttpStatusCode.Created, (await shopper.CheckoutAsync(Shopper.NewKey())).StatusCode);

        foreach (var (status, count) in new[] { ("confirmed", 1), ("CONFIRMED", 1), ("cancelled", 0), ("Failed", 0) })
        {
            var page = await shopper.Client.GetFromJsonAsync<JsonElement>($"/api/orders?status={status}");
            Assert.Equal(count, page.GetProperty("total").GetInt32());
            Assert.All(page.GetProperty("items").EnumerateArray(),
                o => Assert.Equal(status, o.GetProperty("status").GetString(), StringComparer.OrdinalIgnoreCase));
        }
    }
}
