namespace Ecommerce.Grains.Interfaces.Carts;

/// <summary>What a cart may hold (api.md: Money, identifiers, limits).</summary>
public static class CartLimits
{
    public const int MaxLines = 50;
}
