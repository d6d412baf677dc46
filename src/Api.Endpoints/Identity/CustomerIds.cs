namespace Ecommerce.Api.Identity;

/// <summary>The customer id rule of api.md: 1-64 characters of [A-Za-z0-9._@-].</summary>
public static class CustomerIds
{
    public const string Pattern = "^[A-Za-z0-9._@-]{1,64}$";
    public const string Rule = "A customer id is 1-64 characters of letters, digits and . _ @ -.";

    /// <summary>
    /// Whether <paramref name="id"/> follows the rule. Written out rather than matched with
    /// <see cref="Pattern"/>: a .NET <c>$</c> also matches before a final newline, so "a\n" would pass.
    /// </summary>
    public static bool IsValid(string? id) =>
        id is { Length: >= 1 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-');
}
