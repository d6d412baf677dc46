using System.Globalization;

namespace Ecommerce.DemoCatalog;

/// <summary>One product of the demo catalog, as <c>POST /api/products</c> takes it.</summary>
internal sealed record DemoProduct(string Sku, string Name, string Description, string Category, decimal Price);

/// <summary>
/// The demo catalog: the same products for the same count on every machine and every run,
/// so that a second run finds the first one's products by their skus.
/// </summary>
internal static class DemoProducts
{
    public const string Currency = "USD";

    private static readonly string[] Adjectives = ["Blue", "Red", "Green", "Oak", "Steel", "Linen", "Copper", "Walnut", "Ceramic", "Wool"];
    private static readonly string[] Nouns = ["Mug", "Lamp", "Chair", "Kettle", "Scarf", "Desk", "Bowl", "Blanket", "Vase", "Clock"];
    private static readonly string[] Categories = ["kitchen", "lighting", "furniture", "kitchen", "apparel", "office", "kitchen", "home", "home", "home"];

    /// <summary>Products 1 to <paramref name="count"/>: <c>SKU-00001</c> "Red Mug 1", kitchen, 6.25 USD, ...</summary>
    public static IReadOnlyList<DemoProduct> First(int count) => [.. Enumerable.Range(1, count).Select(Product)];

    private static DemoProduct Product(int i)
    {
        var noun = i / 10 % 10;
        var name = $"{Adjectives[i % 10]} {Nouns[noun]} {i}";
        return new DemoProduct(
            string.Create(CultureInfo.InvariantCulture, $"SKU-{i:D5}"),
            name,
            $"The {name.ToLowerInvariant()}, from the demo catalog.",
            Categories[noun],
            5 + i % 95 + i % 4 * 0.25m);
    }
}
