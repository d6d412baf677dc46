namespace Ecommerce.Api.Identity;

/// <summary>Authorization policy names and the claims they read.</summary>
public static class Policies
{
    /// <summary>Catalog management and reading any order.</summary>
    public const string Admin = "admin";

    /// <summary>Any signed-in customer.</summary>
    public const string Customer = "customer";

    public const string AdminRole = "admin";
    public const string RoleClaim = "role";
    public const string CustomerIdClaim = "sub";
}
