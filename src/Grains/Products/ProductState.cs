using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Products;

namespace Ecommerce.Grains.Products;

/// <summary>
/// Stored as camelCase JSON under the state name "product"; the catalog read model's
/// trigger (Database/Schema/100-catalog.sql) reads these names, so rename none of them.
/// </summary>
[GenerateSerializer, Alias("Ecommerce.ProductState")]
public sealed class ProductState
{
    [Id(0)] public string Sku { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string Description { get; set; } = "";
    [Id(3)] public string Category { get; set; } = "";
    [Id(4)] public Money Price { get; set; } = new(0m, "");
    [Id(5)] public bool Active { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }

    public ProductDetails ToDetails() => new(Sku, Name, Description, Category, Price, Active);
}
