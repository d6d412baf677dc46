using System.Net;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Checkout;

/// <summary>A shop whose silo is pointed at a port where no service listens.</summary>
public sealed class NoServicesFixture : ShopFixture
{
    protected override Uri? ServicesAddress => new($"http://127.0.0.1:{FreePorts.Next()}/");
}

public sealed class UnreachableServiceTests(NoServicesFixture shop) : IClassFixture<NoServicesFixture>
{
    [Fact]
    public async Task AnUnreachableServiceIsServiceUnavailableAndAnsweredQuickly()
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);

        var started = DateTime.UtcNow;
        var response = await shopper.CheckoutAsync(Shopper.NewKey());

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.StartsWith("ord_", problem.GetProperty("orderId").GetString(), StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        // The silo reaches no service at all, so the order stands Pending, not charged, not failed.
        var order = await shopper.OrderAsync(problem.GetProperty("orderId").GetString()!);
        Assert.Equal("Pending", order.GetProperty("status").GetString());
        Assert.False(order.TryGetProperty("paymentId", out _));
    }
}
