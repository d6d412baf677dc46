using Ecommerce.Grains.Interfaces.Carts;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Grains;

/// <summary>One cart, one order: checkouts racing each other, cancellations and cart edits.</summary>
[Collection(GrainClusterDefinition.Name)]
public sealed class CheckoutRaceTests(GrainClusterFixture shop) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await shop.EnsureTwoSilosAsync();
        await shop.Simulators.ClearFaultsAsync();
    }

    public async Task DisposeAsync()
    {
        shop.Outside.ReleaseHeld();
        await shop.Simulators.ClearFaultsAsync();
    }

    [Fact]
    public async Task EightCheckoutsOfOneCartWithEightKeysAtOnceMakeOneOrderAndOneCharge()
    {
        var (ledger, customer) = await CartAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ledger.CheckoutAsync(customer, GrainClusterFixture.NewKey())));

        var orders = await ledger.AssertInvariantsAsync();
        var confirmed = Assert.Single(orders.Values, o => o is not null);
        Assert.Equal(OrderStatus.Confirmed, confirmed!.Status);
        Assert.Single(results, r => r?.Outcome == CheckoutOutcome.Confirmed);
        // The others were told about the pending order, or found the ordered lines gone.
        Assert.All(results.Where(r => r?.Outcome != CheckoutOutcome.Confirmed), r =>
            Assert.True(r?.Outcome == CheckoutOutcome.EmptyCart || (r?.Outcome == CheckoutOutcome.CartBusy && r.PendingOrderId == confirmed.Id),
                $"{r?.Outcome} {r?.PendingOrderId}"));
    }

    [Fact]
    public async Task CheckoutsOfOneCartOneAfterAnotherWithNewKeysFindItEmpty()
    {
        var (ledger, customer) = await CartAsync();

        var first = await ledger.CheckoutAsync(customer, GrainClusterFixture.NewKey());
        var second = await ledger.CheckoutAsync(customer, GrainClusterFixture.NewKey());
        var third = await ledger.CheckoutAsync(customer, GrainClusterFixture.NewKey());

        Assert.Equal(CheckoutOutcome.Confirmed, first?.Outcome);
        Assert.Equal(CheckoutOutcome.EmptyCart, second?.Outcome);
        Assert.Equal(CheckoutOutcome.EmptyCart, third?.Outcome);
        var orders = await ledger.AssertInvariantsAsync();
        Assert.Single(orders.Values, o => o is not null);
    }

    [Fact]
    public async Task WhileACheckoutIsPendingTheCartShowsItAndAnotherKeyIsTurnedAwayNamingIt()
    {
        var (ledger, customer) = await CartAsync();
        var key = GrainClusterFixture.NewKey();
        var orderId = OrderIds.For(customer, key);
        shop.Outside.Arm(orderId, OutsideCall.Charge, FaultKind.Hold);

        var pending = ledger.CheckoutAsync(customer, key);
        await shop.Outside.HeldAsync(orderId, OutsideCall.Charge);
        var cart = await shop.Cart(customer).GetAsync();
        var other = await ledger.CheckoutAsync(customer, GrainClusterFixture.NewKey());
        shop.Outside.ReleaseHeld();
        await pending;

        Assert.Equal(orderId, cart.CheckoutOrderId);
        Assert.Equal(CheckoutOutcome.CartBusy, other?.Outcome);
        Assert.Equal(orderId, other?.PendingOrderId);
        var orders = await ledger.AssertInvariantsAsync();
        Assert.Equal(OrderStatus.Confirmed, orders[orderId]?.Status);
    }

    [Fact]
    public async Task LinesAddedOrRaisedDuringACheckoutStayInTheCartAndOnlyTheSnapshotIsOrdered()
    {
        var (ledger, customer) = await CartAsync();
        var raised = (await shop.Cart(customer).GetAsync()).Items[0].Sku;
        var added = await ledger.ProductAsync();
        var key = GrainClusterFixture.NewKey();
        var orderId = OrderIds.For(customer, key);
        shop.Outside.Arm(orderId, OutsideCall.Charge, FaultKind.Hold);

        var pending = ledger.CheckoutAsync(customer, key);
        await shop.Outside.HeldAsync(orderId, OutsideCall.Charge);
        await ledger.AddAsync(customer, raised, 3, current: 2);
        await ledger.AddAsync(customer, added, 1);
        shop.Outside.ReleaseHeld();
        await pending;

        var orders = await ledger.AssertInvariantsAsync();
        var order = orders[orderId]!;
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Equal(2, order.Items.Single(i => i.Sku == raised).Quantity);
        Assert.DoesNotContain(order.Items, i => i.Sku == added);
        var cart = await shop.Cart(customer).GetAsync();
        Assert.Equal(3, cart.Items.Single(i => i.Sku == raised).Quantity);
        Assert.Equal(1, cart.Items.Single(i => i.Sku == added).Quantity);
    }

    [Fact]
    public async Task AFailedOrderLeavesTheCartAsItWasAndFree()
    {
        var (ledger, customer) = await CartAsync();
        var before = await shop.Cart(customer).GetAsync();
        await shop.Simulators.SetFaultsAsync(new { payment = new { declineRate = 1.0 } });

        var result = await ledger.CheckoutAsync(customer, GrainClusterFixture.NewKey());
        await shop.Simulators.ClearFaultsAsync();

        Assert.Equal(CheckoutOutcome.Declined, result?.Outcome);
        await ledger.AssertInvariantsAsync();
        var after = await shop.Cart(customer).GetAsync();
        Assert.Equal(before.Items, after.Items);
        Assert.Null(after.CheckoutOrderId);
        Assert.Equal(CheckoutOutcome.Confirmed, (await ledger.CheckoutAsync(customer, GrainClusterFixture.NewKey()))?.Outcome);
    }

    [Fact]
    public async Task ACartWithADiscontinuedLineShowsItUnavailableAndIsRefusedWithNothingStored()
    {
        var (ledger, customer) = await CartAsync();
        var gone = await ledger.ProductAsync();
        await ledger.AddAsync(customer, gone, 4);
        await shop.Grains.GetGrain<Ecommerce.Grains.Interfaces.Products.IProductGrain>($"sku:{gone}").DiscontinueAsync();
        var key = GrainClusterFixture.NewKey();

        var cart = await shop.Cart(customer).GetAsync();
        var result = await ledger.CheckoutAsync(customer, key);

        Assert.Equal([new CartQuantity(gone, 4)], cart.Unavailable);
        Assert.DoesNotContain(cart.Items, i => i.Sku == gone);
        Assert.Equal(CheckoutOutcome.Unavailable, result?.Outcome);
        Assert.Equal([gone], result!.Skus);
        Assert.Null(await shop.Order(OrderIds.For(customer, key)).GetAsync());
        Assert.Null((await shop.Cart(customer).GetAsync()).CheckoutOrderId);
    }

    [Fact]
    public async Task ACancelRacingTheConfirmationIsRefusedWhilePendingAndTheOrderStillFinishes()
    {
        var (ledger, customer) = await CartAsync();
        var key = GrainClusterFixture.NewKey();
        var orderId = OrderIds.For(customer, key);
        shop.Outside.Arm(orderId, OutsideCall.Commit, FaultKind.Hold);

        var checkout = ledger.CheckoutAsync(customer, key);
        await shop.Outside.HeldAsync(orderId, OutsideCall.Commit);
        var early = ledger.CancelAsync(orderId);
        shop.Outside.ReleaseHeld();
        await checkout;
        var cancel = await early;

        // The grain takes one call at a time: the cancel waited for the checkout's answer.
        var orders = await ledger.AssertInvariantsAsync();
        Assert.True(cancel?.Outcome is CancelOutcome.Cancelled or CancelOutcome.NotConfirmed || cancel?.Service is CheckoutOutcome.ServiceTimeout, $"{cancel?.Outcome} {cancel?.Service}");
        Assert.Equal(cancel?.Outcome == CancelOutcome.NotConfirmed ? OrderStatus.Confirmed : OrderStatus.Cancelled, orders[orderId]?.Status);
    }

    [Fact]
    public async Task AnOrderWhoseIdWasAnsweredNeverVanishesEvenIfItsCartIsEmptiedBeforeItTakesIt()
    {
        var (ledger, customer) = await CartAsync();
        var key = GrainClusterFixture.NewKey();
        var orderId = OrderIds.For(customer, key);
        // The cart cannot be written once: the order answers 503 with its id and waits at Opening.
        shop.Storage.FailWrites($"customer:{customer}", FaultKind.Unreachable);

        var answer = await ledger.CheckoutAsync(customer, key);
        foreach (var line in (await shop.Cart(customer).GetAsync()).Items)
        {
            await shop.Cart(customer).RemoveAsync(line.Sku);
        }

        Assert.Equal(CheckoutOutcome.ServiceUnavailable, answer?.Outcome);
        Assert.Equal(orderId, answer?.Order?.Id);
        var order = await Poll.ForAsync(() => shop.Order(orderId).GetAsync(), o => o?.Status is OrderStatus.Confirmed or OrderStatus.Failed,
            "the answered order ends Confirmed or Failed");
        Assert.NotNull(order);
        Assert.Empty(await shop.Simulators.ChargesAsync(order!.Status == OrderStatus.Failed ? orderId : "none"));
        Assert.Null((await shop.Cart(customer).GetAsync()).CheckoutOrderId);
    }

    [Fact]
    public async Task TwoCancelsAtOnceRefundOnce()
    {
        var (ledger, customer) = await CartAsync();
        var key = GrainClusterFixture.NewKey();
        var orderId = OrderIds.For(customer, key);
        Assert.Equal(CheckoutOutcome.Confirmed, (await ledger.CheckoutAsync(customer, key))?.Outcome);

        var cancels = await Task.WhenAll(ledger.CancelAsync(orderId), ledger.CancelAsync(orderId), ledger.CancelAsync(orderId));

        Assert.Single(cancels, c => c?.Outcome == CancelOutcome.Cancelled);
        var orders = await ledger.AssertInvariantsAsync();
        Assert.Equal(OrderStatus.Cancelled, orders[orderId]?.Status);
    }

    [Fact]
    public async Task AReservationThatExpiredWhileThePaymentWasUnsettledIsRefundedAndFailedWithTheCartKept()
    {
        var (ledger, customer) = await CartAsync();
        var key = GrainClusterFixture.NewKey();
        var orderId = OrderIds.For(customer, key);
        // The gateway does the charge but its replies are lost until the reservation has expired.
        shop.Outside.Arm(orderId, OutsideCall.Charge, FaultKind.ReplyLost, times: 1000);

        var answer = await ledger.CheckoutAsync(customer, key);
        await Task.Delay(GrainClusterFixture.ReservationTtl + TimeSpan.FromSeconds(1.5));
        shop.Outside.Disarm(orderId);

        Assert.Equal(CheckoutOutcome.ServiceTimeout, answer?.Outcome);
        var orders = await ledger.AssertInvariantsAsync();
        var order = orders[orderId]!;
        Assert.Equal(OrderStatus.Failed, order.Status);
        Assert.Contains("expired", order.FailureReason, StringComparison.Ordinal);
        var charge = Assert.Single(await shop.Simulators.ChargesAsync(orderId));
        Assert.Equal(order.Total.Amount, charge.GetProperty("refundedAmount").GetDecimal());
        Assert.Null((await shop.Cart(customer).GetAsync()).CheckoutOrderId);
    }

    private async Task<(ShopLedger Ledger, string Customer)> CartAsync()
    {
        var ledger = new ShopLedger(shop);
        var customer = GrainClusterFixture.NewCustomer();
        await ledger.AddAsync(customer, await ledger.ProductAsync(price: 3m, stock: 20), 2);
        await ledger.AddAsync(customer, await ledger.ProductAsync(price: 5m, stock: 20), 1);
        return (ledger, customer);
    }
}
