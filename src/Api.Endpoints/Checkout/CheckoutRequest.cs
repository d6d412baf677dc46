using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text.Json;
using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Api.Checkout;

/// <summary>The body of <c>POST /api/checkout</c>.</summary>
public sealed record CheckoutRequest(
    [Required, StringLength(254), RegularExpression(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", ErrorMessage = "The e-mail address is not valid.")]
    string Email,
    [Required] AddressRequest ShippingAddress)
{
    public ShippingAddress ToAddress() => new(ShippingAddress.Name, ShippingAddress.Line1, ShippingAddress.Line2,
        ShippingAddress.City, ShippingAddress.PostalCode, ShippingAddress.Country);

    /// <summary>Identifies the body, so that a key replayed with another body is told apart.</summary>
    public string Fingerprint() => Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(this)));
}

public sealed record AddressRequest(
    [Required, StringLength(100, MinimumLength = 1)] string Name,
    [Required, StringLength(100, MinimumLength = 1)] string Line1,
    [StringLength(100)] string? Line2,
    [Required, StringLength(100, MinimumLength = 1)] string City,
    [Required, StringLength(100, MinimumLength = 1)] string PostalCode,
    [Required, CountryCode] string Country);
