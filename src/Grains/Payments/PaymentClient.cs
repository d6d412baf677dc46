using System.Net;
using System.Net.Http.Json;
using Ecommerce.Grains.OutsideServices;
using Ecommerce.Grains.Telemetry;

namespace Ecommerce.Grains.Payments;

/// <summary>The payment gateway. Every call carries an idempotency key, so a replay never charges or refunds twice.</summary>
public sealed class PaymentClient(HttpClient http, ShopMetrics metrics)
{
    public const string Name = "Payment";

    /// <summary>Charges, or returns what the first call with this key did.</summary>
    public async Task<ChargeResult> ChargeAsync(decimal amount, string currency, string reference, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = ServiceHttp.Post("payments/charges", new { amount, currency, reference }, idempotencyKey);
        using var response = await ServiceHttp.SendAsync(http, metrics, Name, request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Created => new ChargeResult.Charged((await response.Content.ReadFromJsonAsync<ChargeBody>(cancellationToken))!.Id),
            HttpStatusCode.PaymentRequired => new ChargeResult.Declined(),
            _ => throw ServiceHttp.Unexpected(Name, response),
        };
    }

    /// <summary>
    /// Refunds whatever the charge made with <paramref name="chargeKey"/> left standing, once per
    /// key; nothing if nothing was charged. It also closes that key at the gateway, so a charge
    /// still in flight with it is refused when it arrives: after this, no charge of the key stands.
    /// </summary>
    public async Task<string> RefundAsync(string chargeKey, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = ServiceHttp.Post("payments/refunds", new { chargeKey }, idempotencyKey);
        using var response = await ServiceHttp.SendAsync(http, metrics, Name, request, cancellationToken);
        return response.StatusCode == HttpStatusCode.Created
            ? (await response.Content.ReadFromJsonAsync<ChargeBody>(cancellationToken))!.Id
            : throw ServiceHttp.Unexpected(Name, response);
    }

    private sealed record ChargeBody(string Id);
}

/// <summary>A definite answer of the gateway to a charge.</summary>
public abstract record ChargeResult
{
    public sealed record Charged(string PaymentId) : ChargeResult;
    public sealed record Declined : ChargeResult;
}
