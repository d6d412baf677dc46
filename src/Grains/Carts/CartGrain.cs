using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Carts;
using Ecommerce.Grains.Interfaces.Products;
using Ecommerce.Grains.Storage;
using Microsoft.Extensions.Options;

namespace Ecommerce.Grains.Carts;

/// <summary>
/// One customer's lines, and the one order that may be checking them out. The lock is what
/// makes "one cart, one order": an order takes a snapshot of the lines, no other order may
/// take the cart meanwhile, and on confirmation exactly the snapshot's quantities leave it.
/// </summary>
public sealed class CartGrain(
    [PersistentState("cart", StorageNames.Postgres)] IPersistentState<CartState> state,
    IOptions<CartOptions> options,
    TimeProvider time) : Grain, ICartGrain, IRemindable
{
    private const string ExpiryReminder = "expire";

    private CartState Cart => state.State;

    public async Task<CartView> GetAsync() => View(await PriceAsync(Cart.Lines));

    public async Task<CartUpdate> SetQuantityAsync(string sku, int quantity)
    {
        var product = await GrainFactory.GetProduct(sku).GetAsync();
        if (product is not { Active: true })
        {
            return new CartUpdate(CartUpdateStatus.UnknownProduct, null);
        }

        var line = Cart.Lines.Find(l => l.Sku == sku);
        if (line is null)
        {
            if (Cart.Lines.Count >= ICartGrain.MaxLines)
            {
                return new CartUpdate(CartUpdateStatus.TooManyLines, null);
            }
            line = new CartItem { Sku = sku };
            Cart.Lines.Add(line);
        }
        line.Quantity = quantity;
        await SaveAsync(edited: true);
        return new CartUpdate(CartUpdateStatus.Updated, View(await PriceAsync(Cart.Lines, product)));
    }

    public async Task<CartView> RemoveAsync(string sku)
    {
        if (Cart.Lines.RemoveAll(l => l.Sku == sku) > 0)
        {
            await SaveAsync(edited: true);
        }
        return await GetAsync();
    }

    public async Task ClearAsync()
    {
        if (Cart.Lines.Count > 0)
        {
            Cart.Lines.Clear();
            await SaveAsync(edited: true);
        }
    }

    public async Task<CheckoutStart> BeginCheckoutAsync(string orderId, CheckoutTerms? terms)
    {
        if (Cart.Checkout is { } held && held.OrderId != orderId)
        {
            return new CheckoutStart(CheckoutStartStatus.Busy, [], NoMoney, held.OrderId, []);
        }

        if (Cart.Checkout is { } taken)
        {
            // The same order asking again (its answer was lost, or it resumed after a crash) gets
            // the lines it took, even a product discontinued since: they were on sale when it took
            // them, and it may already hold their stock. So an order's first step always answers
            // it the same, and the steps after it can be repeated rather than stored.
            var again = await PriceAsync(taken.Lines, includeDiscontinued: true);
            return new CheckoutStart(CheckoutStartStatus.Started, again.Items, again.Total, orderId, []);
        }

        var priced = await PriceAsync(Cart.Lines);
        var status = priced.Unavailable.Count > 0 ? CheckoutStartStatus.Unavailable
            : priced.Items.Count == 0 ? CheckoutStartStatus.Empty
            : priced.Total.Amount > terms?.MaxTotal ? CheckoutStartStatus.OverLimit
            // Record equality compares the amounts as numbers: 10.0 is 10.00.
            : terms?.ExpectedTotal is { } shown && shown != priced.Total ? CheckoutStartStatus.TotalChanged
            : CheckoutStartStatus.Started;
        if (status == CheckoutStartStatus.Started)
        {
            Cart.Checkout = new CartCheckout
            {
                OrderId = orderId,
                Lines = [.. Cart.Lines.Select(l => new CartItem { Sku = l.Sku, Quantity = l.Quantity })],
                StartedAt = time.GetUtcNow(),
            };
            await SaveAsync(edited: false);
        }
        return new CheckoutStart(status, priced.Items, priced.Total, orderId, priced.Unavailable);
    }

    public async Task CompleteCheckoutAsync(string orderId, IReadOnlyList<CartQuantity> ordered)
    {
        if (Cart.CompletedOrderId == orderId)
        {
            return;
        }
        // Without the lock, the order began before carts were locked (stored by an earlier
        // version): it takes its own lines out and leaves any other order's lock alone.
        if (Cart.Checkout is { } held && held.OrderId == orderId)
        {
            ordered = [.. held.Lines.Select(l => new CartQuantity(l.Sku, l.Quantity))];
            Cart.Checkout = null;
        }
        foreach (var taken in ordered)
        {
            if (Cart.Lines.Find(l => l.Sku == taken.Sku) is { } line)
            {
                line.Quantity -= taken.Quantity;
            }
        }
        Cart.Lines.RemoveAll(l => l.Quantity <= 0);
        Cart.CompletedOrderId = orderId;
        await SaveAsync(edited: true);
    }

    public async Task AbandonCheckoutAsync(string orderId)
    {
        if (Cart.Checkout?.OrderId == orderId)
        {
            Cart.Checkout = null;
            await SaveAsync(edited: false);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var idleSince = Cart.UpdatedAt ?? DateTimeOffset.MinValue;
        if (Cart.Checkout is not null
            || (Cart.Lines.Count > 0 && time.GetUtcNow() - idleSince < options.Value.IdleExpiry))
        {
            return;
        }

        await GrainContext.SaveOrResetAsync(async () =>
        {
            Cart.Lines.Clear();
            Cart.ExpiryScheduled = false;
            await state.WriteStateAsync();
            if (await this.GetReminder(ExpiryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        });
    }

    /// <summary>Stores the cart; <paramref name="edited"/> says the lines changed (what idle expiry counts from).</summary>
    private Task SaveAsync(bool edited) => GrainContext.SaveOrResetAsync(async () =>
    {
        if (edited)
        {
            Cart.UpdatedAt = time.GetUtcNow();
        }
        // One durable reminder per non-empty cart, registered once rather than on every write:
        // it looks at the cart when it may have expired and empties it if it has.
        if (!Cart.ExpiryScheduled && Cart.Lines.Count > 0)
        {
            await this.RegisterOrUpdateReminder(ExpiryReminder, options.Value.IdleExpiry, options.Value.ExpiryCheckPeriod);
            Cart.ExpiryScheduled = true;
        }
        await state.WriteStateAsync();
    });

    private CartView View(PricedLines priced) =>
        new(priced.Items, priced.Total, Cart.UpdatedAt, priced.Unavailable, Cart.Checkout?.OrderId);

    /// <summary>
    /// Lines at current prices; <paramref name="known"/> is a product just read, not asked for
    /// again. A discontinued product's line is unavailable unless <paramref name="includeDiscontinued"/>.
    /// </summary>
    private async Task<PricedLines> PriceAsync(List<CartItem> lines, ProductDetails? known = null, bool includeDiscontinued = false)
    {
        var products = await Task.WhenAll(lines.Select(l =>
            l.Sku == known?.Sku ? Task.FromResult<ProductDetails?>(known) : GrainFactory.GetProduct(l.Sku).GetAsync()));

        var items = new List<CartLine>(lines.Count);
        var unavailable = new List<CartQuantity>();
        var currency = "";
        for (var i = 0; i < lines.Count; i++)
        {
            if (products[i] is not { } product || !(product.Active || includeDiscontinued))
            {
                unavailable.Add(new CartQuantity(lines[i].Sku, lines[i].Quantity));
                continue;
            }
            currency = product.Price.Currency;
            var lineTotal = new Money(product.Price.Amount * lines[i].Quantity, currency);
            items.Add(new CartLine(product.Sku, product.Name, product.Price, lines[i].Quantity, lineTotal));
        }
        return new PricedLines(items, new Money(items.Sum(i => i.LineTotal.Amount), currency), unavailable);
    }

    private static readonly Money NoMoney = new(0m, "");

    private sealed record PricedLines(List<CartLine> Items, Money Total, List<CartQuantity> Unavailable);
}
