using System.ComponentModel.DataAnnotations;
using Ecommerce.Simulators.Email;
using Ecommerce.Simulators.Faults;
using Ecommerce.Simulators.Inventory;
using Ecommerce.Simulators.Payments;

namespace Ecommerce.Simulators.Control;

/// <summary>The control API of api.md: faults, stock, and what was charged and sent.</summary>
public static class ControlEndpoints
{
    public static IEndpointRouteBuilder MapControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control");
        control.MapPut("/faults", (FaultSettings settings, FaultInjector faults) =>
        {
            faults.Settings = settings;
            return TypedResults.NoContent();
        });
        control.MapDelete("/faults", (FaultInjector faults) =>
        {
            faults.Settings = new FaultSettings();
            return TypedResults.NoContent();
        });
        control.MapPut("/stock/{sku}", (string sku, StockLevelRequest request, InventoryService inventory) =>
        {
            inventory.SetAvailable(sku, request.Available);
            return TypedResults.NoContent();
        });
        control.MapGet("/stock/{sku}", (string sku, InventoryService inventory) =>
        {
            var (available, reserved) = inventory.StockLevel(sku);
            return TypedResults.Ok(new StockLevel(sku, available, reserved));
        });
        control.MapGet("/reservations/{id}", Results<Ok<ReservationView>, NotFound> (string id, InventoryService inventory) =>
            inventory.Find(id) is { } r ? TypedResults.Ok(InventoryEndpoints.Describe(r)) : TypedResults.NotFound());
        control.MapGet("/charges", (PaymentGateway gateway) => TypedResults.Ok(gateway.Charges()
            .Select(c => new ChargeView(c.Id, c.Request!.Reference, c.IdempotencyKey, c.Request.Amount, c.Request.Currency, c.RefundedAmount))));
        control.MapGet("/emails", (Mailbox mailbox) => TypedResults.Ok(mailbox.Messages()
            .Select(m => new EmailView(m.Id, m.To, m.Subject, m.OrderId))));
        return app;
    }
}

public sealed record StockLevelRequest([property: Range(0, 1_000_000_000)] int Available);

public sealed record StockLevel(string Sku, int Available, int Reserved);

public sealed record ChargeView(string Id, string Reference, string IdempotencyKey, decimal Amount, string Currency, decimal RefundedAmount);

public sealed record EmailView(string Id, string To, string Subject, string? OrderId);
