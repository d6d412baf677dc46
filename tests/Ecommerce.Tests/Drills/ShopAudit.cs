using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Drills;

/// <summary>
/// The shop's promises about orders, money and stock after a drill, checked against the
/// simulators' own records rather than the shop's counts: no order stays Pending, no order is
/// charged twice, a confirmed order is charged once and never refunded, a failed one is refunded
/// whatever it was charged, and every unit that left the stock was sold by a confirmed order.
/// </summary>
internal sealed class ShopAudit(ProcessCluster cluster, HttpClient admin)
{
    public static async Task<ShopAudit> StartAsync(ProcessCluster cluster) =>
        new(cluster, await cluster.SignedInAsync("drill-auditor", admin: true));

    /// <summary>Waits until the sweep has carried every unfinished order to its end.</summary>
    public Task AssertNoOrderPendingAsync(TimeSpan within) =>
        Poll.UntilAsync(async () => (await admin.GetFromJsonAsync<JsonElement>("/api/admin/orders?status=Pending")).GetProperty("total").GetInt64() == 0,
            "no order stays Pending", within);

    /// <summary>Returns how many orders were confirmed.</summary>
    public async Task<int> AssertChargedOnceAndStockConservedAsync(IReadOnlyList<string> skus, int initialStock)
    {
        using var simulators = new HttpClient { BaseAddress = cluster.Simulators };
        var charges = (await simulators.GetFromJsonAsync<List<JsonElement>>("/control/charges"))!
            .ToLookup(c => c.GetProperty("reference").GetString()!);
        var confirmed = await ListAsync("Confirmed");
        var failed = await ListAsync("Failed");

        var twice = charges.Where(c => c.Count() > 1).Select(c => c.Key).ToList();
        Assert.True(twice.Count == 0, $"Charged more than once: {string.Join(", ", twice)}");
        foreach (var order in confirmed)
        {
            var id = order.GetProperty("id").GetString()!;
            var charge = Assert.Single(charges[id]);
            Assert.Equal(order.GetProperty("total").GetProperty("amount").GetDecimal(), charge.GetProperty("amount").GetDecimal());
            Assert.True(charge.GetProperty("refundedAmount").GetDecimal() == 0m, $"Confirmed order {id} was refunded.");
        }
        foreach (var order in failed)
        {
            var id = order.GetProperty("id").GetString()!;
            var charged = charges[id].Sum(c => c.GetProperty("amount").GetDecimal());
            Assert.True(charged == charges[id].Sum(c => c.GetProperty("refundedAmount").GetDecimal()), $"Failed order {id} kept {charged} charged.");
        }
        var orders = confirmed.Concat(failed).Select(o => o.GetProperty("id").GetString()).ToHashSet();
        var unknown = charges.Select(c => c.Key).Where(id => !orders.Contains(id)).ToList();
        Assert.True(unknown.Count == 0, $"Charges for orders neither confirmed nor failed: {string.Join(", ", unknown)}");

        var sold = confirmed.SelectMany(o => o.GetProperty("items").EnumerateArray())
            .GroupBy(i => i.GetProperty("sku").GetString()!)
            .ToDictionary(g => g.Key, g => g.Sum(i => i.GetProperty("quantity").GetInt32()));
        foreach (var sku in skus)
        {
            var stock = await simulators.GetFromJsonAsync<JsonElement>($"/control/stock/{sku}");
            var (available, reserved) = (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32());
            Assert.True(reserved == 0, $"{sku}: {reserved} still reserved after every order settled");
            Assert.True(initialStock - available == sold.GetValueOrDefault(sku),
                $"{sku}: {initialStock - available} left the stock, {sold.GetValueOrDefault(sku)} were sold by confirmed orders");
        }
        return confirmed.Count;
    }

    /// <summary>Every order with the status, page by page through <c>next</c>.</summary>
    private async Task<List<JsonElement>> ListAsync(string status)
    {
        var orders = new List<JsonElement>();
        var path = $"/api/admin/orders?status={status}&pageSize=100";
        while (true)
        {
            var page = await admin.GetFromJsonAsync<JsonElement>(path);
            orders.AddRange(page.GetProperty("items").EnumerateArray());
            if (page.GetProperty("next").GetString() is not { } next)
            {
                return orders;
            }
            path = $"/api/admin/orders?status={status}&pageSize=100&cursor={Uri.EscapeDataString(next)}";
        }
    }
}
