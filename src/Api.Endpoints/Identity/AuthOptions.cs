using System.ComponentModel.DataAnnotations;
using System.Text;

namespace Ecommerce.Api.Identity;

/// <summary>
/// How bearer tokens are checked (the <c>Auth</c> section): from the shop's OpenID Connect
/// provider (<see cref="Authority"/>), else with a shared key (<see cref="SigningKey"/>, a
/// secret), else, in Development only, from the development issuer.
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>
    /// The public development secret, in this repository: the development issuer's key is
    /// derived from it, and any other environment refuses it as <see cref="SigningKey"/>.
    /// </summary>
    public const string DevelopmentSigningKey = "development-only-signing-key-for-the-ecommerce-api-0000";

    /// <summary>The provider's issuer URL; its discovery document and keys are read from there.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The <c>aud</c> every token must carry.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Audience { get; set; } = "ecommerce-api";

    /// <summary>False only for a provider on plain http (tests, local runs).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Longest wait for one fetch of the provider's documents. No request waits on a fetch
    /// (known keys serve meanwhile), but each one holds a thread until it ends.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The keys are refetched this often, so a withdrawn key stops working within it (the library's floor is 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan AutomaticRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A token signed with an unknown key refetches the keys at most once per this interval,
    /// so made-up <c>kid</c>s cannot make the shop hammer the provider.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The claim holding the customer id; it must follow the customer-id rule.</summary>
    [Required(AllowEmptyStrings = false)]
    public string CustomerIdClaim { get; set; } = Policies.CustomerIdClaim;

    /// <summary>
    /// Comma-separated claims whose value (a string or an array) may hold <see cref="AdminValue"/>;
    /// a dotted name reads into an object, such as Keycloak's <c>realm_access.roles</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string AdminClaims { get; set; } = "role,roles";

    [Required(AllowEmptyStrings = false)]
    public string AdminValue { get; set; } = Policies.AdminRole;

    /// <summary>The <c>iss</c> of the development issuer's tokens and of those signed with <see cref="SigningKey"/>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Issuer { get; set; } = "ecommerce";

    /// <summary>An HMAC-SHA256 key (at least 32 bytes of UTF-8) shared with whatever signs the tokens, instead of a provider.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Lifetime of the tokens that <c>POST /dev/token</c> hands out.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    internal TokenSource Source =>
        Authority.Length > 0 ? TokenSource.Provider : SigningKey.Length > 0 ? TokenSource.SharedKey : TokenSource.DevelopmentIssuer;

    internal IReadOnlyList<string> AdminClaimNames =>
        AdminClaims.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Authority.Length > 0)
        {
            if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            {
                yield return new ValidationResult("Auth:Authority must be the provider's absolute http(s) issuer URL.", [nameof(Authority)]);
            }
            else if (authority.Scheme == "http" && RequireHttpsMetadata)
            {
                yield return new ValidationResult(
                    "Auth:Authority is plain http, which the keys' fetch refuses unless Auth:RequireHttpsMetadata is false (tests and local runs only).",
                    [nameof(RequireHttpsMetadata)]);
            }
        }
        if (SigningKey.Length > 0 && Encoding.UTF8.GetByteCount(SigningKey) < 32)
        {
            yield return new ValidationResult("Auth:SigningKey must be at least 32 bytes.", [nameof(SigningKey)]);
        }
        if (AdminClaimNames.Count == 0)
        {
            yield return new ValidationResult("Auth:AdminClaims names no claim.", [nameof(AdminClaims)]);
        }
    }
}

/// <summary>Where the tokens the API accepts come from.</summary>
internal enum TokenSource
{
    /// <summary>The shop's OpenID Connect provider, by its discovery document and JWKS.</summary>
    Provider,

    /// <summary>Whatever holds the shared HMAC key.</summary>
    SharedKey,

    /// <summary>The Development environment's own issuer, read the way a provider is.</summary>
    DevelopmentIssuer,
}
