using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.Interfaces.Products;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Grains;

/// <summary>
/// An order interrupted between each pair of its steps, by a silo killed under it and by its
/// activation dropped, is finished by the sweep of unfinished orders, keeping every promise.
/// </summary>
[Collection(GrainClusterDefinition.Name)]
public sealed class CheckoutInterruptionTests(GrainClusterFixture shop) : IAsyncLifetime
{
    /// <summary>Where the order stands when its silo dies: the call of that step is in flight.</summary>
    public enum Pause { TakingCart, Reserving, Charging, Committing, UpdatingCart, Emailing }

    public async Task InitializeAsync()
    {
        await shop.EnsureTwoSilosAsync();
        await shop.Simulators.ClearFaultsAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(Pause.TakingCart)]
    [InlineData(Pause.Reserving)]
    [InlineData(Pause.Charging)]
    [InlineData(Pause.Committing)]
    [InlineData(Pause.UpdatingCart)]
    [InlineData(Pause.Emailing)]
    public async Task AnOrderWhoseSiloIsKilledMidStepIsFinishedByTheSweepOnAnotherSilo(Pause pause)
    {
        var (ledger, customer, key, orderId) = await NewCheckoutAsync();
        var cartKey = $"customer:{customer}";
        var call = pause switch
        {
            Pause.Reserving => OutsideCall.Reserve,
            Pause.Charging => OutsideCall.Charge,
            Pause.Committing => OutsideCall.Commit,
            Pause.Emailing => OutsideCall.Email,
            _ => (OutsideCall?)null,
        };
        if (call is { } outside)
        {
            shop.Outside.Arm(orderId, outside, FaultKind.Hold);
        }
        else
        {
            shop.Storage.FailWrites(cartKey, FaultKind.Hold, skip: pause == Pause.UpdatingCart ? 1 : 0);
        }

        var checkout = ledger.CheckoutAsync(customer, key);
        if (call is { } held)
        {
            await shop.Outside.HeldAsync(orderId, held);
        }
        else
        {
            await shop.Storage.HeldAsync(cartKey);
        }
        var silo = await shop.SiloOfAsync(shop.Order(orderId));
        Assert.NotNull(silo);
        // The held outside call never returns to the killed silo's activation, as in a dead
        // process; the order is carried on by the sweep on the surviving silo.
        await shop.Cluster.KillSiloAsync(shop.Cluster.Silos.Single(s => s.SiloAddress.Equals(silo)));
        // A cart write held on the surviving silo goes through (its reply is for the dead order);
        // one held on the killed silo was refused when it died.
        shop.Storage.ReleaseHeld();

        // Nothing calls the order meanwhile: only the sweep can bring it back.
        await Poll.UntilAsync(async () => await shop.StoredStepAsync(orderId) == "Confirmed", "the sweep finishes the order", TimeSpan.FromSeconds(60));

        var orders = await ledger.AssertInvariantsAsync(within: TimeSpan.FromSeconds(60));
        Assert.Equal(OrderStatus.Confirmed, orders[orderId]?.Status);
        var finishedOn = await shop.SiloOfAsync(shop.Order(orderId));
        Assert.NotNull(finishedOn);
        Assert.NotEqual(silo, finishedOn);
        await checkout; // the call to the dead silo: an error, answered by its deadline
    }

    /// <summary>The order's write of step <paramref name="write"/> fails, so the activation resets itself right after the call before it.</summary>
    [Theory]
    [InlineData(2)] // Opening -> (Reserving, not stored) -> Charging: the cart is taken, stock reserved
    [InlineData(3)] // Charging -> (Committing, UpdatingCart, Confirming, not stored) -> Confirmed: charged, sold, the lines out of the cart, the e-mail out
    public async Task AnOrderDeactivatedBetweenTwoStepsIsFinishedByTheSweep(int write)
    {
        var (ledger, customer, key, orderId) = await NewCheckoutAsync();
        shop.Storage.FailWrites(orderId, FaultKind.ErrorAnswer, skip: write - 1);

        await ledger.CheckoutAsync(customer, key);

        await Poll.UntilAsync(async () => await shop.StoredStepAsync(orderId) == "Confirmed", "the sweep finishes the order");
        Assert.True(shop.Storage.Struck(orderId), $"The order never made write {write}.");
        var orders = await ledger.AssertInvariantsAsync(within: TimeSpan.FromSeconds(30));
        Assert.Equal(OrderStatus.Confirmed, orders[orderId]?.Status);
    }

    [Fact]
    public async Task AnOrderResumedAfterItReservedBuysItsLinesEvenIfOneWasDiscontinuedMeanwhile()
    {
        var ledger = new ShopLedger(shop);
        var customer = GrainClusterFixture.NewCustomer();
        var kept = await ledger.ProductAsync(price: 4m, stock: 5);
        var dropped = await ledger.ProductAsync(price: 7m, stock: 5);
        await ledger.AddAsync(customer, kept, 2);
        await ledger.AddAsync(customer, dropped, 1);
        var key = GrainClusterFixture.NewKey();
        var orderId = OrderIds.For(customer, key);
        // The write of Charging fails: the activation is dropped with the cart taken and the stock
        // reserved, while the order is stored at Opening.
        shop.Storage.FailWrites(orderId, FaultKind.ErrorAnswer, skip: 1);

        Assert.Null(await ledger.CheckoutAsync(customer, key));
        Assert.Equal((4, 1), await shop.Simulators.StockAsync(dropped));
        Assert.True(await shop.Grains.GetProduct(dropped).DiscontinueAsync());

        // Resumed by the sweep from Opening, it gets the lines it took: the reservation it holds is bought, not leaked.
        await Poll.UntilAsync(async () => await shop.StoredStepAsync(orderId) == "Confirmed", "the sweep finishes the order");
        var orders = await ledger.AssertInvariantsAsync(within: TimeSpan.FromSeconds(30));
        Assert.Equal(15m, orders[orderId]!.Total.Amount);
        Assert.Equal((4, 0), await shop.Simulators.StockAsync(dropped));
    }

    private async Task<(ShopLedger Ledger, string Customer, string Key, string OrderId)> NewCheckoutAsync()
    {
        var ledger = new ShopLedger(shop);
        var customer = GrainClusterFixture.NewCustomer();
        await ledger.AddAsync(customer, await ledger.ProductAsync(price: 4m, stock: 5), 2);
        await ledger.AddAsync(customer, await ledger.ProductAsync(price: 7m, stock: 5), 1);
        var key = GrainClusterFixture.NewKey();
        return (ledger, customer, key, OrderIds.For(customer, key));
    }
}
