using Ecommerce.Api.Http;
using Ecommerce.Grains.Interfaces.Listings;

namespace Ecommerce.Api.Listings;

/// <summary>
/// Where a listing request starts (api.md, Listings): at a page no deeper than
/// <see cref="ListingBounds.MaxOffset"/> items, or after a cursor whose listing and filters the
/// request's must match. Filters the request leaves out are the cursor's.
/// </summary>
public sealed record ListingStart(int Page, IReadOnlyDictionary<string, string?> Filters, IReadOnlyList<string>? After)
{
    public const string CursorParameter = "cursor";

    public static async Task<(ListingStart? Start, ValidationProblem? Problem)> ResolveAsync(ListingCursors cursors, string listing,
        IReadOnlyDictionary<string, string?> filters, string? cursor, int? page, int pageSize)
    {
        if (cursor is null)
        {
            var first = page ?? 1;
            return (long)(first - 1) * pageSize >= ListingBounds.MaxOffset
                ? (null, Problems.Invalid("page", $"Pages reach the first {ListingBounds.MaxOffset:N0} items; beyond them, follow each page's next cursor."))
                : (new ListingStart(first, filters, null), null);
        }
        if (page is not null)
        {
            return (null, Problems.Invalid(CursorParameter, "Send a cursor without a page: it says where the page starts."));
        }
        if (await cursors.ReadAsync(cursor) is not { } read || read.Listing != listing)
        {
            return (null, Problems.Invalid(CursorParameter, "This cursor was not issued by this listing; send a next cursor as it was received."));
        }
        foreach (var (name, value) in filters)
        {
            if (value is not null && (!read.Filters.TryGetValue(name, out var held) || held != value))
            {
                return (null, Problems.Invalid(CursorParameter, $"This cursor lists other orders or products than '{name}' asks for; send it without other filters."));
            }
        }
        return (new ListingStart(read.Page, read.Filters, read.After), null);
    }

    public string? Filter(string name) => Filters.TryGetValue(name, out var value) ? value : null;

    /// <summary>The cursor of the page after this one, continuing after <paramref name="after"/>; null without one.</summary>
    public async Task<string?> NextAsync(ListingCursors cursors, string listing, IReadOnlyList<string>? after) =>
        after is null ? null : await cursors.IssueAsync(new ListingCursor(listing, Filters, after, Page + 1));
}
