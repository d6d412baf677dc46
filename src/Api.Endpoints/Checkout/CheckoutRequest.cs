using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Api.Checkout;

/// <summary>The body of <c>POST /api/checkout</c>.</summary>
public sealed record CheckoutRequest(
    [Required, StringLength(254), RegularExpression(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", ErrorMessage = "The e-mail address is not valid.")]
    string Email,
    [Required] AddressRequest ShippingAddress,
    TotalRequest? ExpectedTotal = null)
{
    public ShippingAddress ToAddress() => new(ShippingAddress.Name, ShippingAddress.Line1, ShippingAddress.Line2,
        ShippingAddress.City, ShippingAddress.PostalCode, ShippingAddress.Country);

    /// <summary>Identifies the body, so that a key replayed with another body is told apart.</summary>
    public string Fingerprint() => Convert.ToHexString(SHA256.HashData(
        JsonSerializer.SerializeToUtf8Bytes(new FingerprintedBody(Email, ShippingAddress, ExpectedTotal))));

    /// <summary>
    /// The body as fingerprinted: without <c>ExpectedTotal</c> when it is absent, so a body sent
    /// before it existed has the fingerprint it had then (and its replays still match).
    /// </summary>
    private sealed record FingerprintedBody(
        string Email,
        AddressRequest ShippingAddress,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TotalRequest? ExpectedTotal);
}

/// <summary>
/// The total the customer was shown, in the shop's currency: when the cart's total at current
/// prices differs, the checkout is refused and nothing is charged.
/// </summary>
public sealed record TotalRequest(
    [Range(typeof(decimal), "0.00", "1000000000000")] decimal Amount,
    [Required] string Currency) : IValidatableObject
{
    public Money ToMoney() => new(Amount, Currency);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Products.MoneyRequest.Check(Amount, Currency, validationContext);
}

public sealed record AddressRequest(
    [Required, StringLength(100, MinimumLength = 1)] string Name,
    [Required, StringLength(100, MinimumLength = 1)] string Line1,
    [StringLength(100)] string? Line2,
    [Required, StringLength(100, MinimumLength = 1)] string City,
    [Required, StringLength(100, MinimumLength = 1)] string PostalCode,
    [Required, CountryCode] string Country);
