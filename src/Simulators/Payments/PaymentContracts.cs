using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Simulators.Payments;

/// <summary><c>POST /payments/charges</c>: charge an amount, for a reference (the order).</summary>
public sealed record ChargeRequest(
    [property: Range(typeof(decimal), "0.01", "100000000")] decimal Amount,
    [property: Required, RegularExpression("^[A-Z]{3}$")] string Currency,
    [property: Required, StringLength(100)] string Reference);

/// <summary><c>POST /payments/refunds</c>: refund all of a charge, or part of it.</summary>
public sealed record RefundRequest(
    [property: Required] string ChargeId,
    [property: Range(typeof(decimal), "0.01", "100000000")] decimal? Amount = null);

public sealed record ChargeResponse(string Id, string Status, decimal Amount, string Currency, string Reference);

public sealed record RefundResponse(string Id, string ChargeId, decimal Amount);
