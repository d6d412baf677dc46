using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Grains.Orders.Legacy;

/// <summary>
/// Places an order stored by an earlier version on this version's steps, when it is read: version
/// 0 (before the workflow table) confirmed first and settled after (<see cref="SettlingStep"/>);
/// versions 0-1 kept no failure outcome; versions before 3 kept no timeline. Rows of each are kept
/// under tests/Ecommerce.Tests/Storage/Golden. Delete a branch once no stored order has its version:
/// <c>SELECT (document ->> 'version')::int AS v, count(*) FROM orders GROUP BY v</c>, and after
/// rewriting those rows (reading and writing each order through its grain does it).
/// </summary>
public static class OrderStateUpgrade
{
    public static void Upgrade(this OrderState order)
    {
        if (order.Version < OrderState.CurrentVersion && order.Step == OrderStep.Confirmed)
        {
            order.Step = !order.StockCommitted || !order.CartCleared ? OrderStep.Settling
                : !order.EmailSent ? OrderStep.Emailing
                : OrderStep.Confirmed;
        }
        if (order.Version < OrderState.CurrentVersion && order.Step == OrderStep.Failed && order.Failure is null)
        {
            order.Failure = order.AnsweredWith;
        }
        if (order.Version < OrderState.CurrentVersion && order.Timeline.Count == 0)
        {
            // Stored before the timeline: what is known of it, once.
            order.Timeline.Add(new TimelineEntry(OrderStatus.Pending, order.CreatedAt, "customer", null));
            if (order.Status != OrderStatus.Pending)
            {
                order.Timeline.Add(new TimelineEntry(order.Status, order.UpdatedAt, order.Status == OrderStatus.Cancelled ? "customer" : "system",
                    order.Status == OrderStatus.Failed ? order.FailureReason : null));
            }
        }
        order.Version = OrderState.CurrentVersion;
    }
}
