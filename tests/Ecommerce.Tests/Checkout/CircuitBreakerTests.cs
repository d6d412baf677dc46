using System.Diagnostics;
using System.Net;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Checkout;

/// <summary>A shop whose payment circuit opens after two failed attempts and stays open two seconds.</summary>
public sealed class QuickBreakerFixture : ShopFixture
{
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(2);

    protected override IReadOnlyDictionary<string, string?> SiloSettings => new Dictionary<string, string?>
    {
        ["Services:Payment:BreakerMinimumThroughput"] = "2",
        ["Services:Payment:BreakerBreakDuration"] = BreakDuration.ToString(),
    };
}

/// <summary>
/// Issue 26's finding: after a fault episode a checkout on a working but slow gateway answered 503,
/// the circuit still open. An open circuit refuses at most for its break duration (then one call
/// tries the gateway, and its success closes it), and its 503 says when to come back.
/// </summary>
public sealed class CircuitBreakerTests(QuickBreakerFixture shop) : IClassFixture<QuickBreakerFixture>
{
    [Fact]
    public async Task ACircuitOpenedByPastFaultsRefusesWithRetryAfterAndNoLongerThanItsBreakOnceTheGatewayWorks()
    {
        var sku = await Shopper.ProductAsync(shop, stock: 1000);
        async Task<HttpResponseMessage> CheckoutAsync()
        {
            var shopper = await Shopper.NewAsync(shop);
            await shopper.AddAsync(sku, 1);
            return await shopper.CheckoutAsync(Shopper.NewKey());
        }

        try
        {
            await shop.Simulators.SetFaultsAsync(new { payment = new { errorRate = 1.0 } });
            var refused = await Poll.ForAsync(CheckoutAsync, r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
                "a checkout meets the payment circuit open");
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "An open circuit's 503 without Retry-After.");

            // The gateway works again, slowly (1 s, within the 1.5 s attempt timeout).
            await shop.Simulators.SetFaultsAsync(new { payment = new { latencyMs = 1000 } });
            var clock = Stopwatch.StartNew();
            await Poll.UntilAsync(async () => (await CheckoutAsync()).StatusCode == HttpStatusCode.Created,
                "a checkout on the working gateway is confirmed", timeout: TimeSpan.FromSeconds(30));
            // At most a break begun as the faults ended (a retried order's failed try may just have
            // opened it again), the one slow try let through, and this checkout's own second.
            Assert.True(clock.Elapsed < QuickBreakerFixture.BreakDuration + TimeSpan.FromSeconds(4),
                $"Working checkouts were refused for {clock.Elapsed.TotalSeconds:0.0} s after the faults ended; the break is {QuickBreakerFixture.BreakDuration.TotalSeconds} s.");
        }
        finally
        {
            await shop.Simulators.ClearFaultsAsync();
        }
    }
}
