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
    // Well inside the two idle minutes after which Orleans would collect an order anyway, so a
    // pass still shows the order leaving by itself; 5 s was once too short in a full CI run.
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

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
        await Poll.UntilAsync(async () => await shop.SiloOfAsync(shop.Order(orderId)) is null, $"order {orderId} leaves memory after its answer", Within);
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
        Assert.False(pending.IsCompleted, "the watcher came after the answer");
        Assert.Equal(OrderStatus.Pending, watcher.Current.Order.Status);
        var answer = await pending;
        Assert.True(await watcher.MoveNextAsync());

        Assert.Equal(CheckoutOutcome.Confirmed, answer?.Outcome);
        Assert.Equal(OrderStatus.Confirmed, watcher.Current.Order.Status);
        // An order nobody watches, checked out after it, has left memory; the watched one has not.
        var (other, otherCustomer) = await CartAsync();
        var otherKey = GrainClusterFixture.NewKey();
        Assert.Equal(CheckoutOutcome.Confirmed, (await other.CheckoutAsync(otherCustomer, otherKey))?.Outcome);
        var unwatched = shop.Order(OrderIds.For(otherCustomer, otherKey));
        await Poll.UntilAsync(async () => await shop.SiloOfAsync(unwatched) is null, "an unwatched order leaves memory after its answer", Within);
        Assert.NotNull(await shop.SiloOfAsync(order));
        await ledger.AssertInvariantsAsync();
    }

    /// <summary>A watcher of the order, opened (again) until the order is stored and its first event is in.</summary>
    private static async Task<IAsyncEnumerator<OrderEvent>> WatchOnceStoredAsync(IOrderGrain order)
    {
        IAsyncEnumerator<OrderEvent>? watcher = null;
        await Poll.UntilAsync(async () =>
        {
            if (watcher is not null)
            {
                await watcher.DisposeAsync();
            }
            watcher = order.WatchAsync(0).GetAsyncEnumerator();
            return await watcher.MoveNextAsync();
        }, "the order is stored", Within);
        return watcher!;
    }

    private async Task<(ShopLedger Ledger, string Customer)> CartAsync()
    {
        var ledger = new ShopLedger(shop);
        var customer = GrainClusterFixture.NewCustomer();
        await ledger.AddAsync(customer, await ledger.ProductAsync(price: 4m, stock: 10), 2);
        return (ledger, customer);
    }
}
