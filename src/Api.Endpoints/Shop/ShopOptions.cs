using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Api.Shop;

/// <summary>Shop-wide settings (the <c>Shop</c> section).</summary>
public sealed class ShopOptions
{
    public const string SectionName = "Shop";

    /// <summary>The one currency the shop sells in; any other in a request is a 400.</summary>
    [Required, RegularExpression("^[A-Z]{3}$", ErrorMessage = "Shop:Currency must be a three-letter ISO 4217 code.")]
    public string Currency { get; set; } = "USD";
}
