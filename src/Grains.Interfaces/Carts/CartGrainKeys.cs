namespace Ecommerce.Grains.Interfaces.Carts;

/// <summary>Maps a customer id to a cart key; the prefix keeps ids like "12" or "abc" from being parsed as numbers by the storage.</summary>
public static class CartGrainKeys
{
    private const string Prefix = "customer:";

    public static ICartGrain GetCart(this IGrainFactory grains, string customerId) =>
        grains.GetGrain<ICartGrain>(Prefix + customerId);
}
