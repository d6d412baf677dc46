using System.Net.Http.Json;
using System.Text.Json;

namespace Ecommerce.Tests.Catalog;

/// <summary>Builds product bodies and fresh skus for catalog tests.</summary>
internal static class Products
{
    public static string NewSku(string prefix = "T") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];

    public static object Body(string sku, string name = "Blue mug", decimal price = 12.5m, string category = "kitchen",
        string description = "A mug, blue.") =>
        new { sku, name, description, category, price = new { amount = price, currency = "USD" } };

    public static object UpdateBody(string name = "Red mug", decimal price = 14m, string category = "kitchen",
        string description = "A mug, red.") =>
        new { name, description, category, price = new { amount = price, currency = "USD" } };

    public static async Task<JsonElement> CreateAsync(HttpClient admin, object body)
    {
        var response = await admin.PostAsJsonAsync("/api/products", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
