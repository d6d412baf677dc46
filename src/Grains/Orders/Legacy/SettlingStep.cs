using Ecommerce.Grains.Interfaces.Carts;
using Ecommerce.Grains.Inventory;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Grains.Orders.Legacy;

/// <summary>
/// The work of a confirmed order stored by the version before the workflow table (version 0),
/// which confirmed first and then committed the stock and cleared the cart: <see cref="OrderStateUpgrade"/>
/// puts such an order at <see cref="OrderStep.Settling"/> and this finishes it, in the old order.
/// Delete it (and the step's row) once no stored order has version 0 with work left:
/// <c>SELECT count(*) FROM orders WHERE (document ->> 'version')::int = 0 AND status = 'Confirmed'</c>
/// is 0 and no silo of version 0 runs.
/// </summary>
public static partial class SettlingStep
{
    public static async Task<StepResult> RunAsync(OrderState order, ICartGrain cart, InventoryClient inventory, ILogger logger,
        CancellationToken cancellationToken)
    {
        if (!order.StockCommitted && !await inventory.CommitAsync(order.ReservationId, cancellationToken))
        {
            // The old version confirmed before committing: the sale stands; an operator looks at the stock.
            LogCommitRefused(logger, order.Id);
        }
        order.StockCommitted = true;
        await cart.CompleteCheckoutAsync(order.Id, [.. order.Items.Select(i => new CartQuantity(i.Sku, i.Quantity))]);
        order.CartCleared = true;
        return StepResult.Done;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderId}, confirmed by an earlier version: its stock reservation was gone when committed")]
    private static partial void LogCommitRefused(ILogger logger, string orderId);
}
