using System.Diagnostics;
using System.Net;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Checkout;

/// <summary>Checkouts beyond the host's capacity wait their turn instead of all running late at once.</summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class CheckoutAdmissionTests(ShopFixture shop)
{
    [Fact]
    public async Task ACheckoutOverCapacityWaitsItsTurnAndOnePastTheQueueIsTooManyRequests()
    {
        await using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, overrides: new Dictionary<string, string?>
        {
            ["Checkout:MaxConcurrent"] = "1",
            ["Checkout:MaxQueued"] = "1",
        });
        var sku = await Shopper.ProductAsync(shop, stock: 10);
        var shoppers = new List<Shopper>();
        for (var i = 0; i < 3; i++)
        {
            var id = $"c-{Guid.NewGuid():N}";
            var shopper = new Shopper(await SignIn.AsAsync(api.CreateClient(), id), id);
            await shopper.AddAsync(sku, 1);
            shoppers.Add(shopper);
        }
        // Each charge takes a second, so the first checkout holds the one place while the
        // other two arrive.
        await shop.Simulators.SetFaultsAsync(new { payment = new { latencyMs = 1000 } });
        try
        {
            var clock = Stopwatch.StartNew();
            var answers = await Task.WhenAll(shoppers.Select(async s =>
            {
                using var response = await s.CheckoutAsync(Shopper.NewKey());
                return (response.StatusCode, Seconds: clock.Elapsed.TotalSeconds, Retry: response.Headers.RetryAfter);
            }));

            var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).OrderBy(a => a.Seconds).ToList();
            Assert.Equal(2, created.Count);
            var refused = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.TooManyRequests);
            Assert.NotNull(refused.Retry);
            Assert.True(refused.Seconds < created[0].Seconds, "The one past the queue is refused at once, not after waiting.");
            // The queued checkout ran after the first, not beside it: two charges' time.
            Assert.True(created[1].Seconds >= 2 * 0.9, $"The second checkout answered after {created[1].Seconds:0.00} s, alongside the first.");
        }
        finally
        {
            await shop.Simulators.ClearFaultsAsync();
        }
    }
}
