using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Carts;
using Ecommerce.Grains.Interfaces.Products;
using Ecommerce.Grains.Storage;
using Microsoft.Extensions.Options;

namespace Ecommerce.Grains.Carts;

public sealed class CartGrain(
    [PersistentState("cart", StorageNames.Postgres)] IPersistentState<CartState> state,
    IOptions<CartOptions> options,
    TimeProvider time) : Grain, ICartGrain, IRemindable
{
    private const string ExpiryReminder = "expire";

    public Task<CartView> GetAsync() => PriceAsync();

    public async Task<CartUpdate> SetQuantityAsync(string sku, int quantity)
    {
        var product = await GrainFactory.GetProduct(sku).GetAsync();
        if (product is not { Active: true })
        {
            return new CartUpdate(CartUpdateStatus.UnknownProduct, null);
        }

        var line = state.State.Lines.Find(l => l.Sku == sku);
        if (line is null)
        {
            if (state.State.Lines.Count >= CartGrainKeys.MaxLines)
            {
                return new CartUpdate(CartUpdateStatus.TooManyLines, null);
            }
            line = new CartItem { Sku = sku };
            state.State.Lines.Add(line);
        }
        line.Quantity = quantity;
        await SaveAsync();
        return new CartUpdate(CartUpdateStatus.Updated, await PriceAsync(product));
    }

    public async Task<CartView> RemoveAsync(string sku)
    {
        if (state.State.Lines.RemoveAll(l => l.Sku == sku) > 0)
        {
            await SaveAsync();
        }
        return await PriceAsync();
    }

    public async Task ClearAsync()
    {
        if (state.State.Lines.Count > 0)
        {
            state.State.Lines.Clear();
            await SaveAsync();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var idleSince = state.State.UpdatedAt ?? DateTimeOffset.MinValue;
        if (state.State.Lines.Count > 0 && time.GetUtcNow() - idleSince < options.Value.IdleExpiry)
        {
            return;
        }

        state.State.Lines.Clear();
        state.State.ExpiryScheduled = false;
        await state.WriteOrResetAsync(GrainContext);
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task SaveAsync()
    {
        state.State.UpdatedAt = time.GetUtcNow();
        // One durable reminder per non-empty cart, registered once rather than on every write:
        // it looks at the cart when it may have expired and empties it if it has.
        if (!state.State.ExpiryScheduled && state.State.Lines.Count > 0)
        {
            var period = options.Value.ExpiryCheckPeriod;
            await this.RegisterOrUpdateReminder(ExpiryReminder, options.Value.IdleExpiry, period);
            state.State.ExpiryScheduled = true;
        }
        await state.WriteOrResetAsync(GrainContext);
    }

    /// <summary>The cart at current prices; <paramref name="known"/> is a product just read, not asked for again.</summary>
    private async Task<CartView> PriceAsync(ProductDetails? known = null)
    {
        var lines = state.State.Lines;
        var products = await Task.WhenAll(lines.Select(l =>
            l.Sku == known?.Sku ? Task.FromResult<ProductDetails?>(known) : GrainFactory.GetProduct(l.Sku).GetAsync()));

        var items = new List<CartLine>(lines.Count);
        var unavailable = new List<string>();
        var currency = "";
        for (var i = 0; i < lines.Count; i++)
        {
            if (products[i] is not { Active: true } product)
            {
                unavailable.Add(lines[i].Sku);
                continue;
            }
            currency = product.Price.Currency;
            var lineTotal = new Money(product.Price.Amount * lines[i].Quantity, currency);
            items.Add(new CartLine(product.Sku, product.Name, product.Price, lines[i].Quantity, lineTotal));
        }
        var total = new Money(items.Sum(i => i.LineTotal.Amount), currency);
        return new CartView(items, total, state.State.UpdatedAt, unavailable);
    }
}
