using Ecommerce.Grains.Orders.Legacy;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.Orders;

namespace Ecommerce.Tests.Grains;

/// <summary>The workflow table on its own, without a cluster: where every outcome of every step leads.</summary>
public sealed class OrderWorkflowTests
{
    private static readonly StepResult[] Results = Enum.GetValues<StepResult>();

    [Fact]
    public void EveryStepReachesAFinalStateWhateverItsCallsAnswerOnceTheyStopFailing()
    {
        foreach (var (step, _) in OrderWorkflow.Table)
        {
            foreach (var first in Results)
            {
                // Whatever the first call answered, calls that then succeed lead to an idle step.
                var at = OrderWorkflow.Next(step, first);
                for (var hops = 0; !OrderWorkflow.IsIdle(at); hops++)
                {
                    Assert.True(hops < 20, $"{step} then {first}: no end");
                    at = OrderWorkflow.Next(at, StepResult.Done);
                }
            }
        }
    }

    [Fact]
    public void NoOrderIsConfirmedWithoutItsChargeItsSoldStockAndItsCartUpdated()
    {
        // The only way into a Confirmed status is Confirming, whatever its e-mail did, and the only
        // way into Confirming is Charging, Committing and UpdatingCart done, in that order.
        var transitions = OrderWorkflow.Table
            .Where(r => r.Value.Status == OrderStatus.Pending)
            .SelectMany(r => Results.Select(result => (From: r.Key, Result: result, To: OrderWorkflow.Next(r.Key, result))))
            .ToList();
        Assert.Equal(
            [(OrderStep.Confirming, StepResult.Done, OrderStep.Confirmed), (OrderStep.Confirming, StepResult.Refused, OrderStep.Emailing), (OrderStep.Confirming, StepResult.Failed, OrderStep.Emailing)],
            transitions.Where(t => OrderWorkflow.StatusOf(t.To) == OrderStatus.Confirmed));
        Assert.Equal(
            [(OrderStep.UpdatingCart, StepResult.Done, OrderStep.Confirming), (OrderStep.UpdatingCart, StepResult.Refused, OrderStep.Confirming)],
            transitions.Where(t => t.To == OrderStep.Confirming));
        Assert.Equal(OrderStep.Committing, OrderWorkflow.Next(OrderStep.Charging, StepResult.Done));
        Assert.Equal(OrderStep.UpdatingCart, OrderWorkflow.Next(OrderStep.Committing, StepResult.Done));
    }

    [Theory]
    [InlineData(OrderStep.Charging)]
    [InlineData(OrderStep.Committing)]
    [InlineData(OrderStep.UpdatingCart)]
    [InlineData(OrderStep.Emailing)]
    [InlineData(OrderStep.Refunding)]
    [InlineData(OrderStep.Releasing)]
    [InlineData(OrderStep.Cancelling)]
    public void AFailedCallWithoutADefiniteAnswerIsRetriedNotGivenUp(OrderStep step) =>
        Assert.Equal(step, OrderWorkflow.Next(step, StepResult.Failed));

    [Fact]
    public void AReservationWhoseOutcomeIsUnknownIsReleasedAndTheOrderFailsWithNothingCharged()
    {
        Assert.Equal(OrderStep.Releasing, OrderWorkflow.Next(OrderStep.Reserving, StepResult.Failed));
        Assert.Equal(OrderStep.Reopening, OrderWorkflow.Next(OrderStep.Releasing, StepResult.Done));
        Assert.Equal(OrderStep.Failed, OrderWorkflow.Next(OrderStep.Reopening, StepResult.Done));
    }

    [Fact]
    public void AChargeWhoseReservationExpiredIsRefundedAndReleasedBeforeTheOrderFails() =>
        Assert.Equal(
            [OrderStep.Refunding, OrderStep.Releasing, OrderStep.Reopening, OrderStep.Failed],
            Walk(OrderWorkflow.Next(OrderStep.Committing, StepResult.Refused)));

    [Fact]
    public void ARefusedCartDiscardsTheOrderAndAFailedOneIsAskedAgain()
    {
        Assert.Equal(OrderStep.Discarded, OrderWorkflow.Next(OrderStep.Opening, StepResult.Refused));
        Assert.Equal(OrderStep.Opening, OrderWorkflow.Next(OrderStep.Opening, StepResult.Failed));
    }

    [Fact]
    public void OnlyAConfirmedOrderCanBeCancelledAndCancellingRefundsThenRestocks()
    {
        Assert.All(Enum.GetValues<OrderStep>(), step =>
            Assert.Equal(OrderWorkflow.CanCancel(step), OrderWorkflow.StatusOf(step) == OrderStatus.Confirmed && step is not (OrderStep.Cancelling or OrderStep.Restocking)));
        Assert.Equal([OrderStep.Restocking, OrderStep.Cancelled], Walk(OrderWorkflow.Next(OrderStep.Cancelling, StepResult.Done)));
    }

    [Fact]
    public void AnOrderStoredBeforeTheTableResumesWhereItsWorkStood()
    {
        static OrderStep Upgraded(bool committed, bool cleared, bool emailed)
        {
            var order = new OrderState { Step = OrderStep.Confirmed, StockCommitted = committed, CartCleared = cleared, EmailSent = emailed };
            order.Upgrade();
            return order.Step;
        }
        Assert.Equal(OrderStep.Settling, Upgraded(false, true, false));
        Assert.Equal(OrderStep.Settling, Upgraded(true, false, false));
        Assert.Equal(OrderStep.Emailing, Upgraded(true, true, false));
        Assert.Equal(OrderStep.Confirmed, Upgraded(true, true, true));
        var current = new OrderState { Step = OrderStep.Confirmed, Version = OrderState.CurrentVersion };
        current.Upgrade();
        Assert.Equal(OrderStep.Confirmed, current.Step);
    }

    [Fact]
    public void AStepLeftUnstoredNeverChangesTheStatusAndFollowsOnlyKeyedCalls()
    {
        var unstored = OrderWorkflow.Table.Where(r => !r.Value.Stored).Select(r => r.Key).ToList();
        Assert.Equal([OrderStep.Reserving, OrderStep.Committing, OrderStep.UpdatingCart, OrderStep.Confirming, OrderStep.Reopening, OrderStep.Restocking], unstored);
        foreach (var (from, row) in OrderWorkflow.Table)
        {
            foreach (var result in Results)
            {
                var next = OrderWorkflow.Next(from, result);
                if (!OrderWorkflow.IsStored(next) && next != from)
                {
                    // The status shown never changes without a write, and the step before it is
                    // one whose call can be repeated (stored, or itself reached the same way; the
                    // cart answers Opening again with the lines it took, whatever changed since).
                    Assert.Equal(OrderWorkflow.StatusOf(from), OrderWorkflow.StatusOf(next));
                }
            }
        }
    }

    [Fact]
    public void TheReadmeTableIsTheWorkflowTable()
    {
        var readme = File.ReadAllLines(Path.Combine(Ecommerce.Tests.Infrastructure.BuiltApps.Repository, "README.md"));
        var rows = readme.SkipWhile(l => !l.StartsWith("| step (stored first)", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToDictionary(c => Enum.Parse<OrderStep>(c[1].Split('`')[1]), c => c);

        Assert.Equal(OrderWorkflow.Table.Keys.Where(k => k != OrderStep.Settling).Order(), rows.Keys.Order());
        foreach (var (step, cells) in rows)
        {
            var done = OrderWorkflow.Next(step, StepResult.Done);
            Assert.True(cells[3].Contains($"`{done}`", StringComparison.Ordinal), $"README: {step} done should lead to {done}");
            var failed = OrderWorkflow.Next(step, StepResult.Failed);
            Assert.True(failed == step ? cells[5].StartsWith("retried", StringComparison.Ordinal) : cells[5].Contains($"`{failed}`", StringComparison.Ordinal),
                $"README: {step} failed should lead to {failed}");
        }
    }

    private static List<OrderStep> Walk(OrderStep from)
    {
        var steps = new List<OrderStep> { from };
        while (!OrderWorkflow.IsIdle(steps[^1]))
        {
            steps.Add(OrderWorkflow.Next(steps[^1], StepResult.Done));
        }
        return steps;
    }
}
