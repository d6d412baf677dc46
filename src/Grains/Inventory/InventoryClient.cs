using System.Net;
using System.Net.Http.Json;
using Ecommerce.Grains.OutsideServices;
using Ecommerce.Grains.Telemetry;

namespace Ecommerce.Grains.Inventory;

/// <summary>The inventory service. Reservations are keyed by the order's reservation id, so every call is idempotent.</summary>
public sealed class InventoryClient(HttpClient http, ShopMetrics metrics)
{
    public const string Name = "Inventory";

    /// <summary>Reserves every line or none; the skus short of stock otherwise.</summary>
    public async Task<IReadOnlyList<string>> ReserveAsync(string reservationId, IEnumerable<(string Sku, int Quantity)> lines, CancellationToken cancellationToken)
    {
        var items = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }).ToList();
        using var request = ServiceHttp.Post("inventory/reservations", new { reservationId, items }, reservationId);
        using var response = await ServiceHttp.SendAsync(http, metrics, Name, request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Created => [],
            HttpStatusCode.Conflict => (await response.Content.ReadFromJsonAsync<Refusal>(cancellationToken))!.Skus is { Count: > 0 } skus
                ? skus
                : throw new ServiceCallException(Name, ServiceFailure.Refused, "the reservation was already closed"),
            _ => throw ServiceHttp.Unexpected(Name, response),
        };
    }

    /// <summary>Turns the reservation into a sale; false if it is gone (expired or released), so nothing was sold.</summary>
    public async Task<bool> CommitAsync(string reservationId, CancellationToken cancellationToken)
    {
        using var request = ServiceHttp.Post($"inventory/reservations/{Uri.EscapeDataString(reservationId)}/commit", new { }, reservationId);
        using var response = await ServiceHttp.SendAsync(http, metrics, Name, request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.Conflict or HttpStatusCode.NotFound => false,
            _ => throw ServiceHttp.Unexpected(Name, response),
        };
    }

    /// <summary>Returns reserved or sold stock; releasing an unknown reservation closes it for good.</summary>
    public async Task ReleaseAsync(string reservationId, CancellationToken cancellationToken)
    {
        using var request = ServiceHttp.Post($"inventory/reservations/{Uri.EscapeDataString(reservationId)}/release", new { }, reservationId);
        using var response = await ServiceHttp.SendAsync(http, metrics, Name, request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw ServiceHttp.Unexpected(Name, response);
        }
    }

    private sealed record Refusal(string Error, IReadOnlyList<string> Skus);
}
