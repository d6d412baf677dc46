using Ecommerce.Grains.Interfaces.Carts;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Grains;

/// <summary>State and storage never disagree: a change whose durable step failed is never served later.</summary>
[Collection(GrainClusterDefinition.Name)]
public sealed class GrainStateTests(GrainClusterFixture shop) : IAsyncLifetime
{
    public Task InitializeAsync() => shop.EnsureTwoSilosAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ACartLineWhoseReminderRegistrationFailedIsNotServedLater()
    {
        var customer = GrainClusterFixture.NewCustomer();
        var sku = await shop.ProductAsync();
        shop.Storage.FailReminders($"customer:{customer}");

        await Assert.ThrowsAnyAsync<Exception>(() => shop.Cart(customer).SetQuantityAsync(sku, 2));

        Assert.Empty((await shop.Cart(customer).GetAsync()).Items);
        Assert.Equal(CartUpdateStatus.Updated, (await shop.Cart(customer).SetQuantityAsync(sku, 3)).Status);
        Assert.Equal(3, Assert.Single((await shop.Cart(customer).GetAsync()).Items).Quantity);
    }

    [Theory]
    [InlineData(FaultKind.ErrorAnswer)]
    [InlineData(FaultKind.Unreachable)]
    public async Task ACartChangeWhoseWriteFailedIsNotServedLater(FaultKind kind)
    {
        var customer = GrainClusterFixture.NewCustomer();
        var sku = await shop.ProductAsync();
        await shop.Cart(customer).SetQuantityAsync(sku, 1);
        shop.Storage.FailWrites($"customer:{customer}", kind);

        await Assert.ThrowsAnyAsync<Exception>(() => shop.Cart(customer).SetQuantityAsync(sku, 5));

        Assert.Equal(1, Assert.Single((await shop.Cart(customer).GetAsync()).Items).Quantity);
    }

    [Fact]
    public async Task AnOrderWhoseFirstWriteFailedDoesNotExistAndItsKeyWorksAgain()
    {
        var customer = GrainClusterFixture.NewCustomer();
        await shop.Cart(customer).SetQuantityAsync(await shop.ProductAsync(), 1);
        var orderId = OrderIds.For(customer, "retry-me");
        shop.Storage.FailWrites(orderId, FaultKind.ErrorAnswer);

        await Assert.ThrowsAnyAsync<Exception>(() => shop.Order(orderId).CheckoutAsync(GrainClusterFixture.Command(customer)));

        Assert.Null(await shop.Order(orderId).GetAsync());
        Assert.Null((await shop.Cart(customer).GetAsync()).CheckoutOrderId);
        var again = await shop.Order(orderId).CheckoutAsync(GrainClusterFixture.Command(customer));
        Assert.Equal(CheckoutOutcome.Confirmed, again.Outcome);
    }

    [Fact]
    public async Task ACancellationWhoseWriteFailedIsNotServedLater()
    {
        var customer = GrainClusterFixture.NewCustomer();
        await shop.Cart(customer).SetQuantityAsync(await shop.ProductAsync(), 1);
        var orderId = OrderIds.For(customer, "cancel-me");
        Assert.Equal(CheckoutOutcome.Confirmed, (await shop.Order(orderId).CheckoutAsync(GrainClusterFixture.Command(customer))).Outcome);
        await Poll.UntilAsync(async () => await shop.StoredStepAsync(orderId) == "Confirmed", "the order's work is done");
        shop.Storage.FailWrites(orderId, FaultKind.ErrorAnswer);

        await Assert.ThrowsAnyAsync<Exception>(() => shop.Order(orderId).CancelAsync());

        Assert.Equal(OrderStatus.Confirmed, (await shop.Order(orderId).GetAsync())!.Status);
        Assert.Equal(0m, Assert.Single(await shop.Simulators.ChargesAsync(orderId)).GetProperty("refundedAmount").GetDecimal());
    }
}
