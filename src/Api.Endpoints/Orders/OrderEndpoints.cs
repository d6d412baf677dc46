using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Ecommerce.Api.Http;
using Ecommerce.Api.Identity;
using Ecommerce.Api.OpenApi;
using Ecommerce.Grains.Interfaces.Orders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace Ecommerce.Api.Orders;

public static class OrderEndpoints
{
    private const string StatusFilter = "Only the orders in this status.";

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization(Policies.Customer)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests);
        orders.MapGet("/", OrderListings.ListAsync).ProducesValidationProblem().DocumentsParameterAs("status", typeof(OrderStatus), StatusFilter)
            .WithName("ListOrders").WithSummary("List my orders, newest first");
        orders.MapGet("/{id}", GetAsync).ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("GetOrder").WithSummary("Get an order");
        orders.MapGet("/{id}/events", EventsAsync).IsHeldOpen()
            .WithName("StreamOrderEvents").WithSummary("Follow an order's status as Server-Sent Events")
            // The body is text (api.md's Live order status); declaring it tells a generated client to accept it.
            .Produces<string>(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .DocumentsParameter("Last-Event-ID", required: false, "The id of the last event received: the stream goes on after it.",
                () => new() { Type = JsonSchemaType.String, Pattern = "^[0-9]+$" })
            .ProducesProblems(StatusCodes.Status404NotFound);
        orders.MapPost("/{id}/ship", ShipAsync).RequireAuthorization(Policies.Admin)
            .WithName("ShipOrder").WithSummary("Ship a confirmed order (admin)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        orders.MapPost("/{id}/deliver", DeliverAsync).RequireAuthorization(Policies.Admin)
            .WithName("DeliverOrder").WithSummary("Mark a shipped order delivered (admin)")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        orders.MapPost("/{id}/fail", FailAsync).RequireAuthorization(Policies.Admin)
            .WithName("FailOrder").WithSummary("End an order still pending: refund any charge, release its stock, unlock the cart (admin)")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);

        app.MapGroup("/api/admin/orders").WithTags("Orders").RequireAuthorization(Policies.Admin)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests)
            .MapGet("/", OrderListings.AdminListAsync).ProducesValidationProblem().DocumentsParameterAs("status", typeof(OrderStatus), StatusFilter)
            .DocumentsParameter("stuck", required: false, "Only the orders still pending past Orders:StuckAfter (15 minutes by default).",
                () => new() { Type = JsonSchemaType.Boolean })
            .WithName("ListAllOrders").WithSummary("List every customer's orders, newest first (admin)");
        orders.MapPost("/{id}/cancel", CancelAsync)
            .WithName("CancelOrder").WithSummary("Cancel a confirmed order: refund it, release its stock")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        return app;
    }

    private static async Task<IResult> EventsAsync(string id, ClaimsPrincipal user, IGrainFactory grains, OrderStreamLimiter streams,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId)
    {
        if (await FindAsync(id, user, grains, allowAdmin: true) is null)
        {
            return Unknown(id);
        }
        var after = 0;
        if (lastEventId is not null && (!int.TryParse(lastEventId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out after)))
        {
            return Problems.Invalid("Last-Event-ID", "Send the id of the last event received, a whole number.");
        }
        if (streams.TryAcquire(user.CustomerId()) is not { } lease)
        {
            return TypedResults.Problem("Too many open order streams; close one first.", statusCode: StatusCodes.Status429TooManyRequests);
        }
        return new OrderEventsResult(grains.GetOrder(id), after, lease);
    }

    private const string ShipRule = "Only a confirmed order can be shipped, and a shipped one only with the same carrier and tracking number";
    private const string DeliverRule = "Only a shipped order can be delivered";

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> ShipAsync(string id, ShipRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        await FindAsync(id, user, grains, allowAdmin: true) switch
        {
            null => Unknown(id),
            // Statuses only move forward: what the stored order rules out is answered at once,
            // without waiting behind work the order may be retrying.
            { Status: not (OrderStatus.Confirmed or OrderStatus.Shipped) } order => Problems.Conflict($"{ShipRule}; this one is {order.Status}."),
            _ => Fulfilled(id, await grains.GetOrder(id).ShipAsync(request.Carrier, request.TrackingNumber, user.CustomerId()), ShipRule),
        };

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> DeliverAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        await FindAsync(id, user, grains, allowAdmin: true) switch
        {
            null => Unknown(id),
            { Status: not (OrderStatus.Shipped or OrderStatus.Delivered) } order => Problems.Conflict($"{DeliverRule}; this one is {order.Status}."),
            _ => Fulfilled(id, await grains.GetOrder(id).DeliverAsync(user.CustomerId()), DeliverRule),
        };

    private static Results<Ok<OrderResponse>, ProblemHttpResult> Fulfilled(string id, FulfilmentResult result, string rule) => result.Outcome switch
    {
        FulfilmentOutcome.Done => TypedResults.Ok(OrderResponse.From(result.Order!)),
        FulfilmentOutcome.Conflict => Problems.Conflict($"{rule}; this one is {result.Order!.Status}."),
        _ => Unknown(id),
    };

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        await FindAsync(id, user, grains, allowAdmin: true) is { } order
            ? TypedResults.Ok(OrderResponse.From(order))
            : Unknown(id);

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> CancelAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        switch (await FindAsync(id, user, grains, allowAdmin: false))
        {
            case null:
                return Unknown(id);
            case { Status: not OrderStatus.Confirmed } order:
                return Problems.Conflict($"Only a confirmed order can be cancelled; this one is {order.Status}.");
        }
        var result = await grains.GetOrder(id).CancelAsync();
        const string Finishing = "The cancellation is recorded and will finish: the refund and the release are retried.";
        return result.Outcome switch
        {
            CancelOutcome.Cancelled => TypedResults.Ok(OrderResponse.From(result.Order!)),
            CancelOutcome.NotConfirmed => Problems.Conflict($"Only a confirmed order can be cancelled; this one is {result.Order!.Status}."),
            CancelOutcome.NotFound => Unknown(id),
            _ => OrderProblems.ServiceFailed(result.Service, result.Order, Finishing),
        };
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> FailAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        switch (await FindAsync(id, user, grains, allowAdmin: true))
        {
            case null:
                return Unknown(id);
            case { Status: not OrderStatus.Pending } order:
                return Problems.Conflict($"Only a pending order can be failed; this one is {order.Status}.");
        }
        var result = await grains.GetOrder(id).FailAsync(user.CustomerId());
        const string Finishing = "The failure is recorded and will finish: the refund by the order's key, the release and the cart's unlock are retried.";
        return result.Outcome switch
        {
            FailOutcome.Failed => TypedResults.Ok(OrderResponse.From(result.Order!)),
            FailOutcome.NotPending => Problems.Conflict($"Only a pending order can be failed; this one is {result.Order!.Status}."),
            FailOutcome.NotFound => Unknown(id),
            _ => OrderProblems.ServiceFailed(result.Service, result.Order, Finishing),
        };
    }

    /// <summary>The order if the caller may see it. Another customer's order is reported as unknown, so ids cannot be probed.</summary>
    private static async Task<OrderDetails?> FindAsync(string id, ClaimsPrincipal user, IGrainFactory grains, bool allowAdmin)
    {
        if (!OrderIds.IsWellFormed(id))
        {
            return null;
        }
        var order = await grains.GetOrder(id).GetAsync();
        return order is not null && (order.CustomerId == user.CustomerId() || (allowAdmin && user.IsAdmin())) ? order : null;
    }

    private static ProblemHttpResult Unknown(string id) => Problems.NotFound($"No order '{id}' was found.");
}
