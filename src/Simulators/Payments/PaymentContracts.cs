using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Simulators.Payments;

/// <summary><c>POST /payments/charges</c>: charge an amount, for a reference (the order).</summary>
public sealed record ChargeRequest(
    [property: Range(typeof(decimal), "0.01", "100000000")] decimal Amount,
    [property: Required, RegularExpression("^[A-Z]{3}$")] string Currency,
    [property: Required, StringLength(100)] string Reference);

/// <summary>
/// <c>POST /payments/refunds</c>: refund all of a charge, or part of it, named by its id or by the
/// idempotency key it was made with (exactly one). By key, the refund also closes the key: a
/// charge with it that arrives later (a request still in flight) is refused, so none can stand.
/// </summary>
public sealed record RefundRequest(
    [property: StringLength(100)] string? ChargeId = null,
    [property: StringLength(100)] string? ChargeKey = null,
    [property: Range(typeof(decimal), "0.01", "100000000")] decimal? Amount = null);

public sealed record ChargeResponse(string Id, string Status, decimal Amount, string Currency, string Reference);

/// <summary>A refund; by key of a charge never made, it refunds nothing (no charge id, amount 0).</summary>
public sealed record RefundResponse(string Id, string? ChargeId, decimal Amount);
