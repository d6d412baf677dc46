using System.Text.Json.Serialization;
using Ecommerce.Grains.Interfaces.Products;

namespace Ecommerce.Api.Products;

/// <summary>A page of the catalog (api.md, Listings): <c>next</c> is null on the last page; <c>totalIsLowerBound</c> appears only when true.</summary>
public sealed record ProductListResponse(
    IReadOnlyList<ProductDetails> Items,
    int Page,
    int PageSize,
    long Total,
    string? Next,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TotalIsLowerBound);
