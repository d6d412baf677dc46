using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Grains.Orders;

/// <summary>
/// Watchers of the order (the API's Server-Sent Events), and when a new order leaves memory.
/// </summary>
/// <remarks>
/// An order is busy for a moment and then read now and then, while every checkout makes a new
/// one. A new order leaves memory as soon as it has nothing left to do, unless someone watches
/// it: the checkout's answer carries the whole order, and the next look activates it again from
/// storage. Kept in memory, every new order lived long enough to be copied into the collector's
/// oldest generation (docs/benchmarks.md).
/// </remarks>
public sealed partial class OrderGrain
{
    /// <summary>The order as last stored (null: none), what watchers are shown, and the signal of its next change.</summary>
    private OrderDetails? _stored;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Enumerations of <see cref="WatchAsync"/> open on this activation.</summary>
    private int _watchers;

    /// <summary>This activation stored the order first (its checkout, not a replay of it).</summary>
    private bool _openedHere;

    public async IAsyncEnumerable<OrderEvent> WatchAsync(int afterEvent)
    {
        // Runs interleaved with the order's own calls (Orleans enumerations always interleave):
        // it only reads what was stored, and waits on the signal each stored change gives.
        var next = Math.Max(0, afterEvent);
        _watchers++;
        try
        {
            while (true)
            {
                var changed = _changed.Task;
                if (_stored is not { } order)
                {
                    yield break;
                }
                while (next < order.Timeline.Count)
                {
                    next++;
                    var entry = order.Timeline[next - 1];
                    yield return new OrderEvent(next, order with { Status = entry.Status, Timeline = [.. order.Timeline.Take(next)] });
                }
                if (order.IsFinal)
                {
                    yield break;
                }
                await changed;
            }
        }
        finally
        {
            _watchers--;
            LeaveIfDone();
        }
    }

    /// <summary>Shows watchers what is now stored.</summary>
    private void Stored(OrderDetails? order)
    {
        _stored = order;
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// An order opened by this activation leaves memory once it has nothing left to do and nobody
    /// watches it (after the current call: its answer still goes out). Only the opening activation
    /// goes, so replays of its checkout queued behind it are answered by the next activation, which
    /// stays, rather than each bouncing on.
    /// </summary>
    private void LeaveIfDone()
    {
        if (_openedHere && _watchers == 0 && _state.RecordExists && OrderWorkflow.IsIdle(Order.Step))
        {
            this.DeactivateOnIdle();
        }
    }
}
