using System.Security.Claims;
using Ecommerce.Api.Http;
using Ecommerce.Api.Identity;
using Ecommerce.Api.OpenApi;
using Ecommerce.Api.Orders;
using Ecommerce.Grains.Interfaces.Orders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace Ecommerce.Api.Checkout;

public static class CheckoutEndpoints
{
    private const string KeyHeader = "Idempotency-Key";

    /// <summary>What the check in <see cref="CheckoutAsync"/> accepts: 1-64 printable ASCII characters.</summary>
    private const string KeyPattern = "^[!-~]{1,64}$";

    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/checkout", CheckoutAsync).WithTags("Checkout").RequireAuthorization(Policies.Customer)
            .RequireRateLimiting(CheckoutAdmission.Policy)
            .WithName("Checkout").WithSummary("Order my cart: reserve the stock, charge, confirm")
            .Produces<OrderResponse>(StatusCodes.Status201Created)
            .DocumentsParameter(KeyHeader, required: true, "Names this checkout: the same key again answers the same order, never a second charge.",
                () => new() { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 64, Pattern = KeyPattern })
            .ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status402PaymentRequired, StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests,
                StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);
        return app;
    }

    private static async Task<IResult> CheckoutAsync(
        [FromHeader(Name = KeyHeader)] string? idempotencyKey, CheckoutRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (idempotencyKey is not { Length: >= 1 and <= 64 } || !idempotencyKey.All(c => c is >= '!' and <= '~'))
        {
            return Problems.Invalid(KeyHeader, "Send an Idempotency-Key header of 1-64 printable ASCII characters.");
        }

        var customerId = user.CustomerId();
        var orderId = OrderIds.For(customerId, idempotencyKey);
        var result = await grains.GetOrder(orderId).CheckoutAsync(
            new CheckoutCommand(customerId, request.Email, request.ToAddress(), request.Fingerprint()));

        return result.Outcome switch
        {
            CheckoutOutcome.Confirmed => TypedResults.Created($"/api/orders/{orderId}", OrderResponse.From(result.Order!)),
            CheckoutOutcome.EmptyCart => TypedResults.Problem("The cart is empty.", statusCode: StatusCodes.Status400BadRequest),
            CheckoutOutcome.DifferentRequest => TypedResults.Problem(
                "This Idempotency-Key was used for a checkout with another body.", statusCode: StatusCodes.Status422UnprocessableEntity),
            CheckoutOutcome.CartBusy => Failed(StatusCodes.Status409Conflict,
                $"Another checkout of this cart, order {result.PendingOrderId}, is still pending; nothing was stored.", result,
                ("orderId", result.PendingOrderId!)),
            CheckoutOutcome.Unavailable => Failed(StatusCodes.Status409Conflict,
                $"No longer sold: {string.Join(", ", result.Skus)}. Remove them from the cart; nothing was stored.", result, ("skus", result.Skus)),
            CheckoutOutcome.OutOfStock => Failed(StatusCodes.Status409Conflict,
                $"Not enough stock for: {string.Join(", ", result.Skus)}.", result, ("skus", result.Skus)),
            CheckoutOutcome.Declined => Failed(StatusCodes.Status402PaymentRequired, "The card was declined; nothing was charged.", result),
            CheckoutOutcome.ServiceError => Failed(StatusCodes.Status502BadGateway, "A payment or inventory service answered with an error.", result),
            CheckoutOutcome.ServiceUnavailable => Failed(StatusCodes.Status503ServiceUnavailable, "A payment or inventory service is unreachable.", result),
            _ => Failed(StatusCodes.Status504GatewayTimeout,
                "A payment or inventory service did not answer in time; the order will finish without a second charge.", result),
        };
    }

    private static ProblemHttpResult Failed(int status, string detail, CheckoutResult result, params (string Name, object Value)[] extensions)
    {
        var problem = new Dictionary<string, object?>();
        if (result.Order is { } order)
        {
            problem["orderId"] = order.Id;
        }
        foreach (var (name, value) in extensions)
        {
            problem[name] = value;
        }
        return TypedResults.Problem(detail, statusCode: status, extensions: problem);
    }
}
