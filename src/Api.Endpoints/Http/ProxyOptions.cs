using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Ecommerce.Api.Http;

/// <summary>
/// The reverse proxies in front of the API (the <c>Http</c> section): only their
/// <c>X-Forwarded-For</c> names the client, for rate limits and logs; anyone else's is ignored.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string SectionName = "Http";

    /// <summary>Proxy addresses or networks (<c>10.0.0.5</c>, <c>10.0.0.0/8</c>); empty: no proxy is trusted.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The API's public address, the only server the OpenAPI document names; empty: none (clients use the document's own origin).</summary>
    public Uri? PublicUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in TrustedProxies)
        {
            if (!IPAddress.TryParse(proxy, out _) && !IPNetwork.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"'{proxy}' is not an IP address or network.", [nameof(TrustedProxies)]);
            }
        }
        if (PublicUrl is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("PublicUrl must be an absolute URL.", [nameof(PublicUrl)]);
        }
    }
}
