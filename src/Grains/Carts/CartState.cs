namespace Ecommerce.Grains.Carts;

/// <summary>A cart as stored: skus and quantities only; prices are never stored, they are looked up.</summary>
[GenerateSerializer, Alias("Ecommerce.CartState")]
public sealed class CartState
{
    [Id(0)] public List<CartItem> Lines { get; set; } = [];
    [Id(1)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(2)] public bool ExpiryScheduled { get; set; }

    /// <summary>The order checking this cart out and the lines it took; null when none is.</summary>
    [Id(3)] public CartCheckout? Checkout { get; set; }

    /// <summary>The last order whose lines left the cart, so that its completion is applied once.</summary>
    [Id(4)] public string? CompletedOrderId { get; set; }
}

[GenerateSerializer, Alias("Ecommerce.CartItem")]
public sealed class CartItem
{
    [Id(0)] public string Sku { get; set; } = "";
    [Id(1)] public int Quantity { get; set; }
}

[GenerateSerializer, Alias("Ecommerce.CartCheckout")]
public sealed class CartCheckout
{
    [Id(0)] public string OrderId { get; set; } = "";
    [Id(1)] public List<CartItem> Lines { get; set; } = [];
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
}
