namespace Ecommerce.Grains.Carts;

/// <summary>A cart as stored: skus and quantities only; prices are never stored, they are looked up.</summary>
[GenerateSerializer, Alias("Ecommerce.CartState")]
public sealed class CartState
{
    [Id(0)] public List<CartItem> Lines { get; set; } = [];
    [Id(1)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(2)] public bool ExpiryScheduled { get; set; }
}

[GenerateSerializer, Alias("Ecommerce.CartItem")]
public sealed class CartItem
{
    [Id(0)] public string Sku { get; set; } = "";
    [Id(1)] public int Quantity { get; set; }
}
