using System.Security.Claims;

namespace Ecommerce.Api.Identity;

/// <summary>Who the caller is, read from the claims that <see cref="Policies"/> names.</summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in customer's id; endpoints that call it require the customer policy.</summary>
    public static string CustomerId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Policies.CustomerIdClaim) ?? throw new InvalidOperationException("The caller has no customer id.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Policies.AdminRole);
}
