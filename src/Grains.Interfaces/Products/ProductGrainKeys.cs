namespace Ecommerce.Grains.Interfaces.Products;

/// <summary>
/// Maps a sku to its grain key. The ADO.NET storage parses keys that look like hex numbers
/// or GUIDs into numbers, so "0123" and "123" would share a row; the prefix, which is
/// never a hex digit, keeps every sku a plain string key.
/// </summary>
public static class ProductGrainKeys
{
    private const string Prefix = "sku:";

    public static IProductGrain GetProduct(this IGrainFactory grains, string sku) =>
        grains.GetGrain<IProductGrain>(Prefix + sku);

    public static string SkuOf(string grainKey) =>
        grainKey.StartsWith(Prefix, StringComparison.Ordinal)
            ? grainKey[Prefix.Length..]
            : throw new ArgumentException($"'{grainKey}' is not a product grain key.", nameof(grainKey));
}
