using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Ecommerce.Api.Identity;

/// <summary>
/// What the API takes from a validated token, by configuration: the customer id, which must
/// follow the customer-id rule, and whether the caller is an admin. The rest of the app sees
/// only these two, as <c>sub</c> and role <c>admin</c>, whatever the provider calls them, so a
/// claim the configuration does not name (a provider's own <c>role</c>) never grants anything.
/// </summary>
internal static class TokenClaims
{
    /// <summary>The caller as the app sees it, or null when the token has no valid customer id.</summary>
    public static ClaimsPrincipal? Read(ClaimsPrincipal token, AuthOptions options)
    {
        var ids = Values(token, options.CustomerIdClaim).Take(2).ToList();
        if (ids.Count != 1 || !CustomerIds.IsValid(ids[0]))
        {
            return null;
        }

        var claims = new List<Claim> { new(Policies.CustomerIdClaim, ids[0]) };
        if (options.AdminClaimNames.Any(name => Values(token, name).Contains(options.AdminValue, StringComparer.Ordinal)))
        {
            claims.Add(new Claim(Policies.RoleClaim, Policies.AdminRole));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, JwtBearerDefaults.AuthenticationScheme, Policies.CustomerIdClaim, Policies.RoleClaim));
    }

    /// <summary>
    /// The strings a claim holds (an array is one claim per item). A name the token does not
    /// carry whole, such as <c>realm_access.roles</c>, is a path into the object its first part names;
    /// a name carried whole wins, so Auth0's <c>https://shop.example/roles</c> reads as it is.
    /// </summary>
    public static IEnumerable<string> Values(ClaimsPrincipal token, string name)
    {
        var whole = token.FindAll(name).ToList();
        if (whole.Count > 0)
        {
            return whole.Where(c => !IsJson(c)).Select(c => c.Value);
        }
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return [];
        }
        var path = name[(dot + 1)..];
        return token.FindAll(name[..dot]).Where(IsJson).SelectMany(c => Strings(JsonDocument.Parse(c.Value).RootElement, path)).ToList();
    }

    private static IEnumerable<string> Strings(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        if (element.TryGetProperty(path, out var value))
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => [value.GetString()!],
                JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!),
                _ => [],
            };
        }
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && element.TryGetProperty(path[..dot], out var inner) ? Strings(inner, path[(dot + 1)..]) : [];
    }

    private static bool IsJson(Claim claim) =>
        claim.ValueType is JsonClaimValueTypes.Json or JsonClaimValueTypes.JsonArray or JsonClaimValueTypes.JsonNull;
}
