using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Ecommerce.Api.Http;
using Ecommerce.Api.Identity;
using Ecommerce.Api.Listings;
using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Api.Orders;

/// <summary>
/// "My orders" and the admin's list of every order, newest first, from the orders read model;
/// never fans out to order grains. Paged by <c>page</c> for the first items and by the
/// <c>next</c> cursor beyond (api.md, Listings). A customer's cursor carries their id, and the
/// id always comes from the token, so no cursor reaches another customer's orders.
/// </summary>
public static class OrderListings
{
    public static async Task<Results<Ok<OrderListResponse>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, IGrainFactory grains, ListingCursors cursors, string? status = null,
        [StringLength(ListingCursors.MaxLength)] string? cursor = null, [Range(1, 1_000_000)] int? page = null, [Range(1, 100)] int pageSize = 20)
    {
        if (ParseStatus(status) is { Problem: { } invalid })
        {
            return invalid;
        }
        var filters = new Dictionary<string, string?> { ["customer"] = user.CustomerId(), ["status"] = ParseStatus(status).Name };
        return await PageAsync(grains, cursors, "orders", filters, cursor, page, pageSize,
            start => new OrderQuery(start.Filter("customer"), Parse(start.Filter("status")), Stuck: false, start.Page, pageSize));
    }

    public static async Task<Results<Ok<OrderListResponse>, ValidationProblem>> AdminListAsync(
        IGrainFactory grains, ListingCursors cursors, string? status = null,
        [RegularExpression(CustomerIds.Pattern, ErrorMessage = CustomerIds.Rule)] string? customerId = null, string? stuck = null,
        [StringLength(ListingCursors.MaxLength)] string? cursor = null, [Range(1, 1_000_000)] int? page = null, [Range(1, 100)] int pageSize = 20)
    {
        var (name, invalid) = ParseStatus(status);
        if (invalid is not null)
        {
            return invalid;
        }
        if (stuck is not (null or "true" or "false"))
        {
            return Problems.Invalid("stuck", "Send stuck=true or stuck=false.");
        }
        if (stuck == "true" && name is not (null or nameof(OrderStatus.Pending)))
        {
            return Problems.Invalid("stuck", "Stuck orders are pending ones: send status=Pending or no status with stuck=true.");
        }
        var filters = new Dictionary<string, string?> { ["customerId"] = customerId, ["status"] = name, ["stuck"] = stuck == "true" ? "true" : null };
        return await PageAsync(grains, cursors, "admin-orders", filters, cursor, page, pageSize,
            start => new OrderQuery(start.Filter("customerId"), Parse(start.Filter("status")), start.Filter("stuck") == "true", start.Page, pageSize));
    }

    private static async Task<Results<Ok<OrderListResponse>, ValidationProblem>> PageAsync(IGrainFactory grains, ListingCursors cursors,
        string listing, Dictionary<string, string?> filters, string? cursor, int? page, int pageSize, Func<ListingStart, OrderQuery> query)
    {
        var (start, problem) = await ListingStart.ResolveAsync(cursors, listing, filters, cursor, page, pageSize);
        if (start is null)
        {
            return problem!;
        }
        var after = start.After is [var createdAt, var orderId]
            ? new OrderPosition(DateTime.Parse(createdAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), orderId)
            : null;
        var found = await grains.GetGrain<IOrderQueryGrain>(0).ListAsync(query(start) with { After = after });
        var next = await start.NextAsync(cursors, listing,
            found.Next is { } position ? [position.CreatedAtUtc.ToString("O", CultureInfo.InvariantCulture), position.OrderId] : null);
        return TypedResults.Ok(new OrderListResponse([.. found.Items.Select(OrderResponse.From)], found.Page, found.PageSize, found.Total,
            next, found.TotalIsLowerBound ? true : null));
    }

    /// <summary>The status's one name, or the problem with it.</summary>
    private static (string? Name, ValidationProblem? Problem) ParseStatus(string? status) =>
        status is null ? (null, null)
        : Statuses.Parse(status) is { } parsed ? (parsed.ToString(), null)
        : (null, Problems.Invalid("status", $"The status is exactly one of {string.Join(", ", Enum.GetNames<OrderStatus>())}."));

    private static OrderStatus? Parse(string? name) => name is null ? null : Enum.Parse<OrderStatus>(name);
}
