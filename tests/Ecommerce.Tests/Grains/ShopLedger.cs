using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Grains;

/// <summary>
/// What a test did to the shop (lines added, stock set, checkouts tried), and the shop's
/// promises checked against it and against the simulators' own records:
/// one order per cart snapshot, at most one charge and one refund per order, stock conserved,
/// every order final with a confirmed order's e-mail sent once, and no cart line lost.
/// </summary>
public sealed class ShopLedger(GrainClusterFixture shop)
{
    private readonly Dictionary<(string Customer, string Sku), int> _added = [];
    private readonly Dictionary<string, int> _stock = [];
    private readonly HashSet<string> _customers = [];
    private readonly HashSet<string> _orders = [];
    private readonly HashSet<string> _cancelling = [];
    private readonly List<string> _cancelAsked = [];
    private readonly HashSet<(string Customer, string Sku)> _unacknowledged = [];

    public async Task<string> ProductAsync(decimal price = 10m, int stock = 100)
    {
        var sku = await shop.ProductAsync(price, stock);
        _stock[sku] = stock;
        return sku;
    }

    /// <summary>
    /// Raises (or adds) a cart line by <paramref name="quantity"/>; <paramref name="current"/> is what
    /// the line holds now. A write that answered an error may still have been stored (its reply was
    /// lost): such a new line must then be wholly there or wholly absent.
    /// </summary>
    public async Task AddAsync(string customer, string sku, int quantity, int current = 0)
    {
        lock (_added)
        {
            _customers.Add(customer);
            _added[(customer, sku)] = _added.GetValueOrDefault((customer, sku)) + quantity;
            _unacknowledged.Add((customer, sku));
        }
        var update = await shop.Cart(customer).SetQuantityAsync(sku, current + quantity);
        Assert.Equal(Ecommerce.Grains.Interfaces.Carts.CartUpdateStatus.Updated, update.Status);
        lock (_added)
        {
            _unacknowledged.Remove((customer, sku));
        }
    }

    /// <summary>A checkout through the order grain; an exception (a killed silo, a failed write) is an answer too.</summary>
    public async Task<CheckoutResult?> CheckoutAsync(string customer, string key)
    {
        var orderId = OrderIds.For(customer, key);
        lock (_added)
        {
            _orders.Add(orderId);
        }
        try
        {
            return await shop.Order(orderId).CheckoutAsync(GrainClusterFixture.Command(customer));
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            return null;
        }
    }

    /// <summary>Cancels through the order grain; a cancellation it accepted must end the order Cancelled.</summary>
    public async Task<CancelResult?> CancelAsync(string orderId)
    {
        CancelResult? result = null;
        lock (_added)
        {
            _cancelAsked.Add(orderId);
        }
        try
        {
            result = await shop.Order(orderId).CancelAsync();
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            // The cancellation may or may not have been stored: the order then ends Confirmed or Cancelled.
        }
        if (result is { Outcome: not (CancelOutcome.NotConfirmed or CancelOutcome.NotFound) })
        {
            lock (_added)
            {
                _cancelling.Add(orderId);
            }
        }
        return result;
    }

    /// <summary>Waits for every order to finish, then checks every promise; returns the orders by id.</summary>
    public async Task<Dictionary<string, OrderDetails?>> AssertInvariantsAsync(TimeSpan? within = null)
    {
        // First, no order has work left: the orders table's trigger records an order with work
        // left in the transaction of its own write. A Confirmed status alone is not final, since
        // a cancellation in progress (its refund made, its last write failed, its finish due to
        // the sweep) still shows Confirmed.
        await Poll.UntilAsync(async () => await shop.UnfinishedOrdersAsync(_orders) == 0, "every order has finished its work", within);

        var orders = new Dictionary<string, OrderDetails?>();
        foreach (var id in _orders)
        {
            var cancelled = _cancelling.Contains(id);
            orders[id] = await Poll.ForAsync(() => shop.Order(id).GetAsync(),
                o => cancelled ? o?.Status == OrderStatus.Cancelled : o is null || IsFinal(o), $"order {id} reaches a final state", within);
        }
        foreach (var (id, order) in orders.Where(o => o.Value?.Status == OrderStatus.Confirmed))
        {
            await Poll.UntilAsync(async () => (await shop.Simulators.EmailsAsync(id)).Count >= 1, $"confirmed order {id} gets its e-mail", within);
        }

        var charges = await shop.Simulators.ChargesAsync();
        var emails = await shop.Simulators.EmailsAsync();
        var sold = new Dictionary<string, int>();
        foreach (var (id, order) in orders)
        {
            var charged = charges.Where(c => c.GetProperty("reference").GetString() == id).ToList();
            Assert.True(charged.Count <= 1, $"order {id} was charged {charged.Count} times");
            var refunded = charged.Sum(c => c.GetProperty("refundedAmount").GetDecimal());
            var sent = emails.Count(e => e.GetProperty("orderId").GetString() == id);
            switch (order?.Status)
            {
                case null:
                    Assert.Empty(charged);
                    break;
                case OrderStatus.Confirmed:
                    Assert.Single(charged);
                    Assert.Equal(order.Total.Amount, charged[0].GetProperty("amount").GetDecimal());
                    Assert.True(refunded == 0m, $"confirmed order {id} was refunded {refunded}; its timeline: " +
                        string.Join(", ", order.Timeline.Select(t => $"{t.Status} by {t.By}")) +
                        $"; cancellations asked: {_cancelAsked.Count(c => c == id)}");
                    Assert.True(sent == 1, $"confirmed order {id} got {sent} e-mails");
                    break;
                case OrderStatus.Cancelled:
                    Assert.Single(charged);
                    Assert.Equal(order.Total.Amount, refunded);
                    Assert.True(sent <= 1, $"cancelled order {id} got {sent} e-mails");
                    break;
                case OrderStatus.Failed:
                    Assert.Equal(charged.Sum(c => c.GetProperty("amount").GetDecimal()), refunded);
                    Assert.Equal(0, sent);
                    break;
            }
            if (order is { Status: OrderStatus.Confirmed })
            {
                foreach (var line in order.Items)
                {
                    sold[line.Sku] = sold.GetValueOrDefault(line.Sku) + line.Quantity;
                }
            }
        }

        foreach (var (sku, initial) in _stock)
        {
            var (available, reserved) = await shop.Simulators.StockAsync(sku);
            Assert.True(reserved == 0, $"{sku}: {reserved} still reserved after every order finished");
            Assert.True(initial - available == sold.GetValueOrDefault(sku),
                $"{sku}: {initial - available} left the stock, {sold.GetValueOrDefault(sku)} were sold by confirmed orders");
        }

        foreach (var customer in _customers)
        {
            var cart = await shop.Cart(customer).GetAsync();
            Assert.True(cart.CheckoutOrderId is null, $"{customer}'s cart is still locked to {cart.CheckoutOrderId}");
            var ordered = orders.Values.Where(o => o is { Status: OrderStatus.Confirmed or OrderStatus.Cancelled } && o.CustomerId == customer)
                .SelectMany(o => o!.Items).ToList();
            foreach (var ((who, sku), added) in _added.Where(a => a.Key.Customer == customer))
            {
                var inCart = cart.Items.Where(i => i.Sku == sku).Sum(i => i.Quantity);
                var inOrders = ordered.Where(i => i.Sku == sku).Sum(i => i.Quantity);
                var acknowledged = !_unacknowledged.Contains((who, sku));
                Assert.True(added == inCart + inOrders || (!acknowledged && inCart + inOrders == 0),
                    $"{who} added {added} of {sku}{(acknowledged ? "" : " (unacknowledged)")}: {inCart} in the cart and {inOrders} in confirmed orders");
            }
        }
        return orders;
    }

    private static bool IsFinal(OrderDetails order) => order.Status is OrderStatus.Confirmed or OrderStatus.Failed or OrderStatus.Cancelled;
}
