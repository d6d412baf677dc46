namespace Ecommerce.Api.Identity;

/// <summary>The customer id rule of api.md: 1-64 characters of [A-Za-z0-9._@-].</summary>
public static class CustomerIds
{
    public const string Pattern = "^[A-Za-z0-9._@-]{1,64}$";
    public const string Rule = "A customer id is 1-64 characters of letters, digits and . _ @ -.";
}
