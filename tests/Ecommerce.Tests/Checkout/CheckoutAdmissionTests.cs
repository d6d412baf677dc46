using System.Diagnostics;
using System.Net;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Checkout;

/// <summary>Checkouts beyond the host's capacity wait their turn instead of all running late at once; past the short queue, 503 at once.</summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class CheckoutAdmissionTests(ShopFixture shop)
{
    [Fact]
    public async Task ACheckoutOverCapacityWaitsItsTurnAndOnePastTheQueueIsRefusedAtOnce()
    {
        await using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, overrides: new Dictionary<string, string?>
        {
            ["Checkout:MaxConcurrent"] = "1",
            ["Checkout:MaxQueued"] = "1",
        });
        var sku = await Shopper.ProductAsync(shop, stock: 10);
        var shoppers = new List<Shopper>();
        for (var i = 0; i < 4; i++)
        {
            var id = $"c-{Guid.NewGuid():N}";
            var shopper = new Shopper(await SignIn.AsAsync(api.CreateClient(), id), id);
            await shopper.AddAsync(sku, 1);
            shoppers.Add(shopper);
        }
        // One checkout at full speed first: this API's client and the silo's path are then warm,
        // so a cold start does not push the slow charges below past the gateway's attempt timeout.
        var warmup = shoppers[^1];
        shoppers.RemoveAt(shoppers.Count - 1);
        using (var warm = await warmup.CheckoutAsync(Shopper.NewKey()))
        {
            Assert.Equal(HttpStatusCode.Created, warm.StatusCode);
        }

        // Each charge takes 0.8 s (the silo's attempt timeout is 1.5 s), so the first checkout
        // holds the one place while the other two arrive.
        const double ChargeSeconds = 0.8;
        await shop.Simulators.SetFaultsAsync(new { payment = new { latencyMs = (int)(ChargeSeconds * 1000) } });
        try
        {
            var clock = Stopwatch.StartNew();
            var answers = await Task.WhenAll(shoppers.Select(async s =>
            {
                using var response = await s.CheckoutAsync(Shopper.NewKey());
                var body = await response.Content.ReadAsStringAsync();
                return (response.StatusCode, Seconds: clock.Elapsed.TotalSeconds, Retry: response.Headers.RetryAfter, Body: body);
            }));
            var seen = string.Join("; ", answers.OrderBy(a => a.Seconds).Select(a => $"{(int)a.StatusCode} at {a.Seconds:0.00} s {a.Body}"));

            var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).OrderBy(a => a.Seconds).ToList();
            Assert.True(created.Count == 2, $"Two checkouts are created, one past the queue refused; the answers: {seen}");
            var refused = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(refused.Retry);
            Assert.True(refused.Seconds < created[0].Seconds, $"The one past the queue is refused at once, not after waiting: {seen}");
            // The queued checkout ran after the first, not beside it: two charges' time.
            Assert.True(created[1].Seconds >= 2 * ChargeSeconds * 0.9, $"The second checkout answered alongside the first: {seen}");
        }
        finally
        {
            await shop.Simulators.ClearFaultsAsync();
        }
    }
}
