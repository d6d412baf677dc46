using Ecommerce.Grains.Interfaces.Products;

namespace Ecommerce.Grains.Interfaces.Catalog;

/// <summary>A catalog search: substring of name or description, exact category (any case), a page.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.ProductQuery")]
public sealed record ProductQuery(
    [property: Id(0)] string? Search,
    [property: Id(1)] string? Category,
    [property: Id(2)] int Page,
    [property: Id(3)] int PageSize);

/// <summary>One page of a catalog search and how many products match in all.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.ProductPage")]
public sealed record ProductPage(
    [property: Id(0)] IReadOnlyList<ProductDetails> Items,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] long Total);
