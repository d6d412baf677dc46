using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Checkout;

/// <summary>A signed-in customer of a test shop, with the steps a test takes to buy.</summary>
internal sealed class Shopper(HttpClient client, string customerId)
{
    public HttpClient Client { get; } = client;
    public string CustomerId { get; } = customerId;

    public static async Task<Shopper> NewAsync(ShopFixture shop)
    {
        var id = $"c-{Guid.NewGuid():N}";
        return new Shopper(await shop.CustomerAsync(id), id);
    }

    /// <summary>A fresh product in the catalog, with that much stock in the inventory service.</summary>
    public static async Task<string> ProductAsync(ShopFixture shop, decimal price = 10m, int stock = 100)
    {
        var sku = Products.NewSku("P");
        await Products.CreateAsync(await shop.AdminAsync(), Products.Body(sku, price: price));
        await shop.Simulators.SetStockAsync(sku, stock);
        return sku;
    }

    public async Task<JsonElement> AddAsync(string sku, int quantity)
    {
        var response = await Client.PutAsJsonAsync($"/api/cart/items/{sku}", new { quantity });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> CheckoutAsync(string key, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = JsonContent.Create(body ?? Body()) };
        request.Headers.Add("Idempotency-Key", key);
        return Client.SendAsync(request);
    }

    public async Task<JsonElement> OrderAsync(string orderId) =>
        await Client.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");

    /// <summary>Polls the order until it reaches one of the statuses (background work finishing).</summary>
    public Task<JsonElement> OrderEventuallyAsync(string orderId, params string[] statuses) =>
        Poll.ForAsync(() => OrderAsync(orderId), o => statuses.Contains(o.GetProperty("status").GetString()),
            $"order {orderId} reaches {string.Join(" or ", statuses)}", TimeSpan.FromSeconds(45));

    public static object Body(string email = "buyer@shop.example", string name = "Ada Lovelace", string country = "GB") =>
        new { email, shippingAddress = new { name, line1 = "12 St James's Square", city = "London", postalCode = "SW1Y 4JH", country } };

    public static string NewKey() => $"key-{Guid.NewGuid():N}";
}
