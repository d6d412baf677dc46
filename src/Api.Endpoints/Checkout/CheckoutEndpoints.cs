using System.Security.Claims;
using Ecommerce.Api.Http;
using Ecommerce.Api.Identity;
using Ecommerce.Api.OpenApi;
using Ecommerce.Api.Orders;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Carts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Ecommerce.Api.Checkout;

public static partial class CheckoutEndpoints
{
    private const string KeyHeader = "Idempotency-Key";

    /// <summary>The key's rule, as the OpenAPI document states it and the endpoint checks it: 1-64 printable ASCII characters.</summary>
    private const string KeyPattern = "^[!-~]{1,64}$";

    /// <summary>
    /// The same rule. Its <c>$</c> would also match before a final line feed, which never reaches
    /// here: <see cref="Http.RequestTextFilter"/> refuses control characters in every header first.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(KeyPattern)]
    private static partial System.Text.RegularExpressions.Regex Key();

    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/checkout", CheckoutAsync).WithTags("Checkout").RequireAuthorization(Policies.Customer)
            .AdmittedAsCheckout()
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

    private static async Task<Results<Created<OrderResponse>, ProblemHttpResult, ValidationProblem>> CheckoutAsync(
        [FromHeader(Name = KeyHeader)] string? idempotencyKey, CheckoutRequest request, ClaimsPrincipal user, IGrainFactory grains,
        IOptions<CheckoutOptions> options, TimeProvider time)
    {
        if (idempotencyKey is null || !Key().IsMatch(idempotencyKey))
        {
            return Problems.Invalid(KeyHeader, "Send an Idempotency-Key header of 1-64 printable ASCII characters.");
        }

        var customerId = user.CustomerId();
        var orderId = OrderIds.For(customerId, idempotencyKey);
        var terms = new CheckoutTerms(request.ExpectedTotal?.ToMoney(), options.Value.MaxOrderTotal);
        var result = await grains.GetOrder(orderId).CheckoutAsync(
            new CheckoutCommand(customerId, request.Email, request.ToAddress(), request.Fingerprint(), terms, time.GetUtcNow()));

        return result.Outcome switch
        {
            CheckoutOutcome.Confirmed => TypedResults.Created($"/api/orders/{orderId}", OrderResponse.From(result.Order!)),
            CheckoutOutcome.EmptyCart => TypedResults.Problem("The cart is empty.", statusCode: StatusCodes.Status400BadRequest),
            CheckoutOutcome.DifferentRequest => TypedResults.Problem(
                "This Idempotency-Key was used for a checkout with another body.", statusCode: StatusCodes.Status422UnprocessableEntity),
            CheckoutOutcome.CartBusy => Refused(StatusCodes.Status409Conflict,
                $"Another checkout of this cart, order {result.PendingOrderId}, is still pending; nothing was stored.", result,
                ("orderId", result.PendingOrderId!)),
            CheckoutOutcome.Unavailable => Refused(StatusCodes.Status409Conflict,
                $"No longer sold: {string.Join(", ", result.Skus)}. Remove them from the cart; nothing was stored.", result, ("skus", result.Skus)),
            CheckoutOutcome.TotalChanged => Refused(StatusCodes.Status409Conflict,
                $"The cart's total is now {Format(result.Total!)}, not the total shown; nothing was stored, reserved or charged.",
                result, ("total", result.Total!)),
            CheckoutOutcome.OverLimit => Refused(StatusCodes.Status409Conflict,
                $"The cart's total, {Format(result.Total!)}, is above the most one order may be ({options.Value.MaxOrderTotal:0.00}); nothing was stored.",
                result, ("total", result.Total!)),
            CheckoutOutcome.OutOfStock => Refused(StatusCodes.Status409Conflict,
                $"Not enough stock for: {string.Join(", ", result.Skus)}.", result, ("skus", result.Skus)),
            CheckoutOutcome.Declined => Refused(StatusCodes.Status402PaymentRequired, "The card was declined; nothing was charged.", result),
            _ => OrderProblems.ServiceFailed(result.Outcome, result.Order, OrderProblems.AboutCheckout(result.Order)),
        };
    }

    private static string Format(Money total) => $"{total.Amount:0.00} {total.Currency}";

    private static ProblemHttpResult Refused(int status, string detail, CheckoutResult result, params (string Name, object Value)[] extensions)
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
