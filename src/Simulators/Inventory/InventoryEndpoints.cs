using System.ComponentModel.DataAnnotations;
using Ecommerce.Simulators.Faults;
using Microsoft.Extensions.Options;

namespace Ecommerce.Simulators.Inventory;

public static class InventoryEndpoints
{
    public static IHostApplicationBuilder AddInventoryService(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<InventoryService>();
        builder.Services.AddHostedService<ReservationExpiry>();
        return builder;
    }

    public static IEndpointRouteBuilder MapInventoryService(this IEndpointRouteBuilder app)
    {
        var inventory = app.MapGroup("/inventory/reservations");
        inventory.MapPost("/", ReserveAsync);
        inventory.MapPost("/{id}/commit", (string id, InventoryService stock, FaultInjector faults, HttpContext http) =>
            WithFaultsAsync(faults, http, () => stock.Commit(id) switch
            {
                null => TypedResults.Problem("No such reservation.", statusCode: StatusCodes.Status404NotFound),
                { State: ReservationState.Committed } r => TypedResults.Ok(Describe(r)),
                var r => TypedResults.Problem($"The reservation is {r.State}.", statusCode: StatusCodes.Status409Conflict),
            }));
        inventory.MapPost("/{id}/release", (string id, InventoryService stock, FaultInjector faults, HttpContext http) =>
            WithFaultsAsync(faults, http, () => TypedResults.Ok(Describe(stock.Release(id)))));
        return app;
    }

    private static Task<IResult> ReserveAsync(ReserveRequest request, InventoryService stock, FaultInjector faults,
        IOptions<SimulatorOptions> options, HttpContext http) =>
        WithFaultsAsync(faults, http, () =>
            stock.Reserve(request.ReservationId, request.Items, options.Value.ReservationTtl) switch
            {
                ReserveOutcome.Reserved(var r) => TypedResults.Created($"/inventory/reservations/{r.Id}", Describe(r)),
                ReserveOutcome.Insufficient(var skus) => TypedResults.Json(new InsufficientStock("insufficient_stock", skus), statusCode: StatusCodes.Status409Conflict),
                ReserveOutcome.Closed(var r) => TypedResults.Json(new InsufficientStock($"reservation_{r.State.ToString().ToLowerInvariant()}", []), statusCode: StatusCodes.Status409Conflict),
                _ => throw new InvalidOperationException(),
            });

    private static Task<IResult> WithFaultsAsync(FaultInjector faults, HttpContext http, Func<IResult> work) =>
        faults.RunAsync(faults.Settings.Inventory, http, work);

    public static ReservationView Describe(Reservation r) =>
        new(r.Id, r.State.ToString().ToLowerInvariant(), r.Lines);
}

/// <summary><c>POST /inventory/reservations</c>: hold these quantities for one order.</summary>
public sealed record ReserveRequest(
    [property: Required, StringLength(100)] string ReservationId,
    [property: Required, MinLength(1)] IReadOnlyList<ReservationLine> Items);

public sealed record ReservationView(string ReservationId, string Status, IReadOnlyList<ReservationLine> Items);

public sealed record InsufficientStock(string Error, IReadOnlyList<string> Skus);
