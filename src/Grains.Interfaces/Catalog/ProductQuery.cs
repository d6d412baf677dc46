using Ecommerce.Grains.Interfaces.Listings;
using Ecommerce.Grains.Interfaces.Products;

namespace Ecommerce.Grains.Interfaces.Catalog;

/// <summary>
/// A catalog search: substring of name or description, exact category (any case), and where the
/// page starts: after the sku <see cref="After"/> (a cursor) or else at <see cref="Page"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.ProductQuery")]
public sealed record ProductQuery(
    [property: Id(0)] string? Search,
    [property: Id(1)] string? Category,
    [property: Id(2)] int Page,
    [property: Id(3)] int PageSize,
    [property: Id(4)] string? After = null);

/// <summary>
/// One page of a catalog search; how many products match, counted no further than
/// <see cref="ListingBounds.MaxCounted"/> (<see cref="TotalIsLowerBound"/> beyond); and the sku the
/// next page starts after, null on the last page.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.ProductPage")]
public sealed record ProductPage(
    [property: Id(0)] IReadOnlyList<ProductDetails> Items,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] long Total,
    [property: Id(4)] bool TotalIsLowerBound = false,
    [property: Id(5)] string? NextAfter = null);
