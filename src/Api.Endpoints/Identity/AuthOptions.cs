using System.ComponentModel.DataAnnotations;
using System.Text;

namespace Ecommerce.Api.Identity;

/// <summary>How bearer tokens are checked (the <c>Auth</c> section). The key is a secret: environment or user secrets only.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>
    /// Signs the Development environment's tokens. It is public, in this repository, so any
    /// other environment refuses to start with it.
    /// </summary>
    public const string DevelopmentSigningKey = "development-only-signing-key-for-the-ecommerce-api-0000";

    [Required(AllowEmptyStrings = false)]
    public string Issuer { get; set; } = "ecommerce";

    [Required(AllowEmptyStrings = false)]
    public string Audience { get; set; } = "ecommerce-api";

    /// <summary>HMAC-SHA256 key, at least 32 bytes of UTF-8.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Lifetime of the tokens that <c>POST /dev/token</c> hands out.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Encoding.UTF8.GetByteCount(SigningKey) < 32)
        {
            yield return new ValidationResult("Auth:SigningKey must be set to at least 32 bytes.", [nameof(SigningKey)]);
        }
    }
}
