namespace Ecommerce.Grains.Interfaces.Products;

/// <summary>A product as the catalog shows it.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.ProductDetails")]
public sealed record ProductDetails(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] string Category,
    [property: Id(4)] Money Price,
    [property: Id(5)] bool Active);

/// <summary>What an admin sets on a product: everything but its sku and whether it is listed.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.ProductDraft")]
public sealed record ProductDraft(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] string Category,
    [property: Id(3)] Money Price);
