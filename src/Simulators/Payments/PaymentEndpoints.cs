using Ecommerce.Simulators.Faults;
using Microsoft.Extensions.Options;

namespace Ecommerce.Simulators.Payments;

public static class PaymentEndpoints
{
    public static IHostApplicationBuilder AddPaymentGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PaymentGateway>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPaymentGateway(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/payments").AddEndpointFilter(RequireApiKey);
        payments.MapPost("/charges", ChargeAsync);
        payments.MapPost("/refunds", RefundAsync);
        return app;
    }

    private static async Task<IResult> ChargeAsync(
        ChargeRequest request, [Microsoft.AspNetCore.Mvc.FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        PaymentGateway gateway, FaultInjector faults, HttpContext http)
    {
        if (string.IsNullOrEmpty(idempotencyKey))
        {
            return KeyRequired();
        }
        var fault = faults.Settings.Payment;
        return await faults.RunAsync(fault, http, () =>
            gateway.Charge(idempotencyKey, request, () => FaultInjector.Strikes(fault?.DeclineRate)) switch
            {
                ChargeOutcome.Created(var charge) => Answer(charge),
                ChargeOutcome.Replayed(var charge) => Answer(charge),
                ChargeOutcome.KeyClosed => TypedResults.Problem(
                    "This idempotency key was closed by a refund before any charge with it arrived.", statusCode: StatusCodes.Status409Conflict),
                _ => TypedResults.Problem("This idempotency key was used for another charge.", statusCode: StatusCodes.Status422UnprocessableEntity),
            });
    }

    private static async Task<IResult> RefundAsync(
        RefundRequest request, [Microsoft.AspNetCore.Mvc.FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        PaymentGateway gateway, FaultInjector faults, HttpContext http)
    {
        if (string.IsNullOrEmpty(idempotencyKey))
        {
            return KeyRequired();
        }
        if ((request.ChargeId is null) == (request.ChargeKey is null))
        {
            return TypedResults.Problem("Name the charge by chargeId or by chargeKey, not both.", statusCode: StatusCodes.Status400BadRequest);
        }
        return await faults.RunAsync(faults.Settings.Payment, http, () => gateway.Refund(idempotencyKey, request) switch
        {
            RefundOutcome.Done(var refund) => TypedResults.Created($"/payments/refunds/{refund.Id}", new RefundResponse(refund.Id, refund.ChargeId, refund.Amount)),
            RefundOutcome.UnknownCharge => TypedResults.Problem("No such successful charge.", statusCode: StatusCodes.Status404NotFound),
            RefundOutcome.TooMuch => TypedResults.Problem("The refund exceeds what is left of the charge.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Problem("This idempotency key was used for another refund.", statusCode: StatusCodes.Status422UnprocessableEntity),
        });
    }

    private static ProblemHttpResult KeyRequired() =>
        TypedResults.Problem("Idempotency-Key is required.", statusCode: StatusCodes.Status400BadRequest);

    private static IResult Answer(ChargeRecord charge)
    {
        var body = new ChargeResponse(charge.Id, charge.Status == ChargeStatus.Succeeded ? "succeeded" : "declined",
            charge.Request!.Amount, charge.Request.Currency, charge.Request.Reference);
        return charge.Status == ChargeStatus.Succeeded
            ? TypedResults.Created($"/payments/charges/{charge.Id}", body)
            : TypedResults.Json(body, statusCode: StatusCodes.Status402PaymentRequired);
    }

    private static async ValueTask<object?> RequireApiKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = context.HttpContext.RequestServices.GetRequiredService<IOptions<SimulatorOptions>>().Value.PaymentApiKey;
        return context.HttpContext.Request.Headers.Authorization.ToString() == $"Bearer {key}"
            ? await next(context)
            : TypedResults.Problem("A valid API key is required.", statusCode: StatusCodes.Status401Unauthorized);
    }
}
