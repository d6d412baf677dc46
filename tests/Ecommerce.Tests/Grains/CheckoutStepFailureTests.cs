using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Tests.Grains;

/// <summary>Every call of the workflow crossed with every way a call fails, the shop's promises checked after each.</summary>
[Collection(GrainClusterDefinition.Name)]
public sealed class CheckoutStepFailureTests(GrainClusterFixture shop) : IAsyncLifetime
{
    /// <summary>The calls an order makes, outside (HTTP to the simulators) and inside (the cart grain's writes).</summary>
    public enum WorkflowCall { CartLock, Reserve, Charge, Commit, CartUpdate, Email, Refund, Release }

    public static TheoryData<WorkflowCall, FaultKind> Matrix()
    {
        var data = new TheoryData<WorkflowCall, FaultKind>();
        foreach (var step in Enum.GetValues<WorkflowCall>())
        {
            foreach (var kind in new[] { FaultKind.ErrorAnswer, FaultKind.Unreachable, FaultKind.Timeout, FaultKind.ReplyLost })
            {
                data.Add(step, kind);
            }
        }
        return data;
    }

    public async Task InitializeAsync()
    {
        await shop.EnsureTwoSilosAsync();
        await shop.Simulators.ClearFaultsAsync();
    }

    public Task DisposeAsync() => shop.Simulators.ClearFaultsAsync();

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task AFailedCallKeepsEveryPromiseAndTheOrderFinishes(WorkflowCall step, FaultKind kind)
    {
        var ledger = new ShopLedger(shop);
        var customer = GrainClusterFixture.NewCustomer();
        var sku = await ledger.ProductAsync(price: 10m, stock: 10);
        await ledger.AddAsync(customer, sku, 2);
        var key = GrainClusterFixture.NewKey();
        var orderId = OrderIds.For(customer, key);
        await ArmAsync(step, kind, customer, orderId);

        var answer = await ledger.CheckoutAsync(customer, key);
        if (step == WorkflowCall.Refund)
        {
            await ledger.AssertInvariantsAsync();
            var cancel = await ledger.CancelAsync(orderId);
            Assert.NotEqual(CancelOutcome.Cancelled, cancel?.Outcome);
        }
        var orders = await ledger.AssertInvariantsAsync();

        var expected = step switch
        {
            WorkflowCall.Reserve or WorkflowCall.Release => OrderStatus.Failed,
            WorkflowCall.Refund => OrderStatus.Cancelled,
            _ => (OrderStatus?)OrderStatus.Confirmed,
        };
        Assert.Equal(expected, orders[orderId]?.Status);
        if (step is WorkflowCall.Reserve or WorkflowCall.Charge)
        {
            // The customer is told how the call failed; a reply lost after the work is a timeout.
            Assert.Equal(kind switch
            {
                FaultKind.ErrorAnswer => CheckoutOutcome.ServiceError,
                FaultKind.Unreachable => CheckoutOutcome.ServiceUnavailable,
                _ => CheckoutOutcome.ServiceTimeout,
            }, answer?.Outcome);
        }
    }

    private async Task ArmAsync(WorkflowCall step, FaultKind kind, string customer, string orderId)
    {
        var cartKey = $"customer:{customer}";
        switch (step)
        {
            case WorkflowCall.CartLock:
                shop.Storage.FailWrites(cartKey, kind);
                break;
            case WorkflowCall.CartUpdate:
                shop.Storage.FailWrites(cartKey, kind, skip: 1);
                break;
            case WorkflowCall.Release:
                shop.Outside.Arm(orderId, OutsideCall.Release, kind);
                await shop.Simulators.SetFaultsAsync(new { payment = new { declineRate = 1.0 } });
                break;
            default:
                shop.Outside.Arm(orderId, step switch
                {
                    WorkflowCall.Reserve => OutsideCall.Reserve,
                    WorkflowCall.Charge => OutsideCall.Charge,
                    WorkflowCall.Commit => OutsideCall.Commit,
                    WorkflowCall.Email => OutsideCall.Email,
                    _ => OutsideCall.Refund,
                }, kind);
                break;
        }
    }
}
