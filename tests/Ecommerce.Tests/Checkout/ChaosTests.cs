using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Checkout;

public sealed class ChaosFixture : ShopFixture;

/// <summary>Checkouts against a payment gateway that errs and times out: money and stock must still add up.</summary>
public sealed class ChaosTests(ChaosFixture shop, ITestOutputHelper output) : IClassFixture<ChaosFixture>
{
    private const int Checkouts = 100;
    private const int InitialStock = 1_000;
    private static readonly int[] AllowedAnswers = [201, 502, 503, 504];

    [Fact]
    public async Task UnderPaymentErrorsAndTimeoutsNothingIsChargedTwiceAndStockIsConserved()
    {
        // The carts are seeded (ECOMMERCE_CHAOS_SEED replays them); the gateway's faults are its own dice.
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ECOMMERCE_CHAOS_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next(1, 1_000_000);
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        var skus = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            skus.Add(await Shopper.ProductAsync(shop, price: 3m + i, stock: InitialStock));
        }
        var shoppers = new List<Shopper>();
        for (var i = 0; i < Checkouts; i++)
        {
            var shopper = await Shopper.NewAsync(shop);
            foreach (var sku in skus.OrderBy(_ => random.Next()).Take(1 + i % 3))
            {
                await shopper.AddAsync(sku, 1 + random.Next(3));
            }
            shoppers.Add(shopper);
        }

        await shop.Simulators.SetFaultsAsync(new { payment = new { errorRate = 0.3, timeoutRate = 0.1 } });
        var answers = new List<(Shopper Shopper, HttpStatusCode Status, string OrderId)>();
        await Parallel.ForEachAsync(shoppers, new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (shopper, cancellationToken) =>
        {
            var response = await shopper.CheckoutAsync(Shopper.NewKey());
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var id = body.TryGetProperty("id", out var orderId) ? orderId.GetString()! : body.GetProperty("orderId").GetString()!;
            lock (answers)
            {
                answers.Add((shopper, response.StatusCode, id));
            }
        });
        await shop.Simulators.ClearFaultsAsync();

        var statuses = answers.GroupBy(a => (int)a.Status).ToDictionary(g => g.Key, g => g.Count());
        var summary = $"seed {seed}; checkouts answered: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}"))}";
        output.WriteLine(summary);
        Assert.All(answers, a => Assert.True(AllowedAnswers.Contains((int)a.Status), $"{(int)a.Status} is not an allowed answer ({summary})"));

        var orders = await Task.WhenAll(answers.Select(a => a.Shopper.OrderEventuallyAsync(a.OrderId, "Confirmed", "Failed")));
        var charges = await shop.Simulators.ChargesAsync();
        foreach (var order in orders)
        {
            var id = order.GetProperty("id").GetString();
            var charged = charges.Where(c => c.GetProperty("reference").GetString() == id).ToList();
            if (order.GetProperty("status").GetString() == "Confirmed")
            {
                var charge = Assert.Single(charged);
                Assert.Equal(order.GetProperty("total").GetProperty("amount").GetDecimal(), charge.GetProperty("amount").GetDecimal());
            }
            else
            {
                Assert.Empty(charged);
            }
        }

        foreach (var sku in skus)
        {
            var (available, reserved) = await shop.Simulators.StockAsync(sku);
            var sold = orders.Where(o => o.GetProperty("status").GetString() == "Confirmed")
                .SelectMany(o => o.GetProperty("items").EnumerateArray())
                .Where(i => i.GetProperty("sku").GetString() == sku)
                .Sum(i => i.GetProperty("quantity").GetInt32());
            Assert.Equal(0, reserved);
            Assert.Equal(sold, InitialStock - available);
        }
    }
}
