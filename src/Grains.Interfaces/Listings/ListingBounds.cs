namespace Ecommerce.Grains.Interfaces.Listings;

/// <summary>
/// What bounds every listing's work, whatever the size of the table (api.md, Listings): counts
/// stop past <see cref="MaxCounted"/>, and <c>page</c> reaches no deeper than
/// <see cref="MaxOffset"/> items; beyond, a client follows the cursor.
/// </summary>
public static class ListingBounds
{
    public const int MaxCounted = 10_000;
    public const int MaxOffset = 10_000;

    /// <summary>The bounded count as a listing answers it: exact up to the bound, else the bound and a flag.</summary>
    public static (long Total, bool IsLowerBound) Total(long counted) =>
        counted > MaxCounted ? (MaxCounted, true) : (counted, false);
}
