using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ecommerce.Api.Http;
using Ecommerce.Api.Shop;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Products;

namespace Ecommerce.Api.Products;

/// <summary>The body of <c>POST /api/products</c>: a product without <c>active</c>.</summary>
public sealed record CreateProductRequest(
    [Required, RegularExpression(Sku.Pattern, ErrorMessage = Sku.Rule)] string Sku,
    [Required, StringLength(200, MinimumLength = 1)] string Name,
    [StringLength(4000)][property: JsonConverter(typeof(MultilineTextConverter))] string? Description,
    [Required, StringLength(64, MinimumLength = 1)] string Category,
    [Required] MoneyRequest Price)
{
    public ProductDraft ToDraft() => new(Name, Description ?? "", Category, Price.ToMoney());
}

/// <summary>The body of <c>PUT /api/products/{sku}</c>: a product without <c>sku</c> and <c>active</c>.</summary>
public sealed record UpdateProductRequest(
    [Required, StringLength(200, MinimumLength = 1)] string Name,
    [StringLength(4000)][property: JsonConverter(typeof(MultilineTextConverter))] string? Description,
    [Required, StringLength(64, MinimumLength = 1)] string Category,
    [Required] MoneyRequest Price)
{
    public ProductDraft ToDraft() => new(Name, Description ?? "", Category, Price.ToMoney());
}

/// <summary>A catalog price: 0.01 to 1,000,000.00 in the shop's currency, at most two decimal places.</summary>
public sealed record MoneyRequest(
    [Range(typeof(decimal), "0.01", "1000000.00")] decimal Amount,
    [Required] string Currency) : IValidatableObject
{
    public Money ToMoney() => new(decimal.Round(Amount, 2) + 0.00m, Currency);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Check(Amount, Currency, validationContext);

    /// <summary>
    /// Every amount the API takes: at most two decimal places, in the shop's currency. <c>{0}</c> in a
    /// message is the field as the request names it (<c>price.amount</c>).
    /// </summary>
    public static IEnumerable<ValidationResult> Check(decimal amount, string? currency, ValidationContext validationContext)
    {
        if (decimal.Round(amount, 2) != amount)
        {
            yield return new ValidationResult("{0} has at most two decimal places.", [nameof(Amount)]);
        }
        var shop = validationContext.GetRequiredService<Microsoft.Extensions.Options.IOptions<ShopOptions>>().Value;
        if (currency is not null && currency != shop.Currency)
        {
            yield return new ValidationResult($"{{0}} must be {shop.Currency}: the shop sells in {shop.Currency} only.", [nameof(Currency)]);
        }
    }
}

/// <summary>The sku rule of api.md: 1-64 of [A-Za-z0-9._-], starting with a letter or digit.</summary>
public static class Sku
{
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    public const string Rule = "A sku is 1-64 characters of letters, digits and . _ -, starting with a letter or digit.";
}
