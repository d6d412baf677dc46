using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Ecommerce.Api.Http;
using Ecommerce.Api.Identity;
using Ecommerce.Api.OpenApi;
using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Api.Orders;

public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization(Policies.Customer)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests);
        orders.MapGet("/", ListAsync).ProducesValidationProblem();
        orders.MapGet("/{id}", GetAsync).ProducesProblems(StatusCodes.Status404NotFound);
        orders.MapPost("/{id}/cancel", CancelAsync)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        return app;
    }

    private static async Task<Ok<OrderListResponse>> ListAsync(
        ClaimsPrincipal user, IGrainFactory grains, [Range(1, 1_000_000)] int page = 1, [Range(1, 100)] int pageSize = 20)
    {
        var orders = await grains.GetGrain<IOrderQueryGrain>(0).ListAsync(user.CustomerId(), page, pageSize);
        return TypedResults.Ok(new OrderListResponse(orders.Items.Select(OrderResponse.From).ToList(), orders.Page, orders.PageSize, orders.Total));
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        await FindAsync(id, user, grains, allowAdmin: true) is { } order
            ? TypedResults.Ok(OrderResponse.From(order))
            : Unknown(id);

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> CancelAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await FindAsync(id, user, grains, allowAdmin: false) is null)
        {
            return Unknown(id);
        }
        var result = await grains.GetOrder(id).CancelAsync();
        return result.Outcome switch
        {
            CancelOutcome.Cancelled => TypedResults.Ok(OrderResponse.From(result.Order!)),
            CancelOutcome.NotConfirmed => Problems.Conflict($"Only a confirmed order can be cancelled; this one is {result.Order!.Status}."),
            CancelOutcome.NotFound => Unknown(id),
            CancelOutcome.ServiceError => TypedResults.Problem("The payment or inventory service answered with an error; try again.", statusCode: StatusCodes.Status502BadGateway),
            CancelOutcome.ServiceUnavailable => TypedResults.Problem("The payment or inventory service is unreachable; try again.", statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => TypedResults.Problem("The payment or inventory service did not answer in time; the cancellation will finish.", statusCode: StatusCodes.Status504GatewayTimeout),
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
