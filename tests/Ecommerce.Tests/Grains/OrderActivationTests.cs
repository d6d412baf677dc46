using System.Diagnostics;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Grains;

/// <summary>
/// A new order leaves memory once its checkout is answered and it has nothing left to do, so
/// finished orders do not fill the silo's heap at the rate of checkouts; it comes back whole
/// from storage, and one that someone watches stays.
/// </summary>
[Collection(GrainClusterDefinition.Name)]
public sealed class OrderActivationTests(GrainClusterFixture shop) : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    public async Task InitializeAsync()
    {
        await shop.EnsureTwoSilosAsync();
        await shop.Simulators.ClearFaultsAsync();
    }

    public Task DisposeAsync() => shop.Simulators.ClearFaultsAsync();

    [Fact]
    public async Task AConfirmedOrderLeavesMemoryAfterItsAnswerAndReadsBackWholeFromStorage()
    {
        var (ledger, customer) = await CartAsync();
        var key = GrainClusterFixture.NewKey();
        var orderId = OrderIds.For(customer, key);

        var answer = await ledger.CheckoutAsync(customer, key);

        Assert.Equal(CheckoutOutcome.Confirmed, answer?.Outcome);
        Assert.True(await GoneAsync(shop.Order(orderId)), $"order {orderId} still active {Within} after its answer");
        var read = await shop.Order(orderId).GetAsync();
        Assert.NotNull(read);
        Assert.Equal(answer!.Order!.Status, read.Status);
        Assert.Equal(answer.Order.Total, read.Total);
        Assert.Equal(answer.Order.Items, read.Items);
        Assert.Equal(answer.Order.PaymentId, read.PaymentId);
        Assert.Equal(answer.Order.Timeline, read.Timeline);
        await ledger.AssertInvariantsAsync();
    }

    [Fact]
    public async Task AnOrderWatchedWhileItChecksOutStaysInMemoryForItsWatcher()
    {
        var (ledger, customer) = await CartAsync();
        var key = GrainClusterFixture.NewKey();
        var order = shop.Order(OrderIds.For(customer, key));
        await shop.Simulators.SetFaultsAsync(new { payment = new { latencyMs = 300 } });

        var pending = ledger.CheckoutAsync(customer, key);
        await using var watcher = await WatchOnceStoredAsync(order);
        Assert.Equal(OrderStatus.Pending, watcher.Current.Order.Status);
        var answer = await pending;
        Assert.True(await watcher.MoveNextAsync());

        Assert.Equal(CheckoutOutcome.Confirmed, answer?.Outcome);
        Assert.Equal(OrderStatus.Confirmed, watcher.Current.Order.Status);
        Assert.False(await GoneAsync(order, TimeSpan.FromSeconds(1)), $"order {order.GetPrimaryKeyString()} left memory while watched");
        await ledger.AssertInvariantsAsync();
    }

    /// <summary>True once the order has no activation anywhere in the cluster, polling until <paramref name="within"/>.</summary>
    private async Task<bool> GoneAsync(IOrderGrain order, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (within ?? Within))
        {
            if (await shop.SiloOfAsync(order) is null)
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }

    /// <summary>A watcher of the order, opened (again) until the order is stored and its first event is in.</summary>
    private static async Task<IAsyncEnumerator<OrderEvent>> WatchOnceStoredAsync(IOrderGrain order)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var watcher = order.WatchAsync(0).GetAsyncEnumerator();
            if (await watcher.MoveNextAsync())
            {
                return watcher;
            }
            await watcher.DisposeAsync();
            Assert.True(clock.Elapsed < Within, "the order was not stored");
            await Task.Delay(20);
        }
    }

    private async Task<(ShopLedger Ledger, string Customer)> CartAsync()
    {
        var ledger = new ShopLedger(shop);
        var customer = GrainClusterFixture.NewCustomer();
        await ledger.AddAsync(customer, await ledger.ProductAsync(price: 4m, stock: 10), 2);
        return (ledger, customer);
    }
}
