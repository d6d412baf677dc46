namespace Ecommerce.Simulators.Payments;

/// <summary>
/// The simulated gateway's books: one outcome per idempotency key, so a replayed key gets
/// the first answer and never a second charge.
/// </summary>
public sealed class PaymentGateway
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ChargeRecord> _chargesByKey = [];
    private readonly Dictionary<string, ChargeRecord> _chargesById = [];
    private readonly Dictionary<string, RefundRecord> _refundsByKey = [];

    public ChargeOutcome Charge(string idempotencyKey, ChargeRequest request, Func<bool> declines)
    {
        lock (_lock)
        {
            if (_chargesByKey.TryGetValue(idempotencyKey, out var existing))
            {
                return existing.Status == ChargeStatus.Voided ? new ChargeOutcome.KeyClosed()
                    : existing.Request == request ? new ChargeOutcome.Replayed(existing)
                    : new ChargeOutcome.KeyReused();
            }
            var charge = new ChargeRecord($"ch_{Guid.NewGuid():N}", idempotencyKey, request, declines() ? ChargeStatus.Declined : ChargeStatus.Succeeded);
            _chargesByKey[idempotencyKey] = charge;
            _chargesById[charge.Id] = charge;
            return new ChargeOutcome.Created(charge);
        }
    }

    public RefundOutcome Refund(string idempotencyKey, RefundRequest request)
    {
        lock (_lock)
        {
            if (_refundsByKey.TryGetValue(idempotencyKey, out var existing))
            {
                return existing.Request == request ? new RefundOutcome.Done(existing) : new RefundOutcome.KeyReused();
            }
            if (request.ChargeKey is { } chargeKey)
            {
                return RefundByKey(idempotencyKey, chargeKey, request);
            }
            if (!_chargesById.TryGetValue(request.ChargeId!, out var charge) || charge.Status != ChargeStatus.Succeeded)
            {
                return new RefundOutcome.UnknownCharge();
            }
            var amount = request.Amount ?? charge.Request!.Amount - charge.RefundedAmount;
            if (amount <= 0 || charge.RefundedAmount + amount > charge.Request!.Amount)
            {
                return new RefundOutcome.TooMuch();
            }
            charge.RefundedAmount += amount;
            var refund = new RefundRecord($"re_{Guid.NewGuid():N}", charge.Id, amount, request);
            _refundsByKey[idempotencyKey] = refund;
            return new RefundOutcome.Done(refund);
        }
    }

    /// <summary>
    /// Refunds whatever the charge made with <paramref name="chargeKey"/> left standing, and closes
    /// the key: a charge with it that arrives later is refused. Nothing charged, nothing refunded.
    /// </summary>
    private RefundOutcome.Done RefundByKey(string idempotencyKey, string chargeKey, RefundRequest request)
    {
        if (!_chargesByKey.TryGetValue(chargeKey, out var charge))
        {
            _chargesByKey[chargeKey] = new ChargeRecord($"ch_{Guid.NewGuid():N}", chargeKey, null, ChargeStatus.Voided);
        }
        var left = charge is { Status: ChargeStatus.Succeeded } ? charge.Request!.Amount - charge.RefundedAmount : 0m;
        var amount = Math.Min(request.Amount ?? left, left);
        if (charge is not null)
        {
            charge.RefundedAmount += amount;
        }
        var refund = new RefundRecord($"re_{Guid.NewGuid():N}", charge?.Status == ChargeStatus.Succeeded ? charge.Id : null, amount, request);
        _refundsByKey[idempotencyKey] = refund;
        return new RefundOutcome.Done(refund);
    }

    /// <summary>Every charge actually made (declines are not charges).</summary>
    public IReadOnlyList<ChargeRecord> Charges()
    {
        lock (_lock)
        {
            return _chargesByKey.Values.Where(c => c.Status == ChargeStatus.Succeeded).ToList();
        }
    }
}

public enum ChargeStatus
{
    Succeeded,
    Declined,

    /// <summary>Never charged: the key was closed by a refund by key before any charge with it arrived.</summary>
    Voided,
}

public sealed class ChargeRecord(string id, string idempotencyKey, ChargeRequest? request, ChargeStatus status)
{
    public string Id { get; } = id;
    public string IdempotencyKey { get; } = idempotencyKey;
    public ChargeRequest? Request { get; } = request;
    public ChargeStatus Status { get; } = status;
    public decimal RefundedAmount { get; set; }
}

public sealed record RefundRecord(string Id, string? ChargeId, decimal Amount, RefundRequest Request);

public abstract record ChargeOutcome
{
    public sealed record Created(ChargeRecord Charge) : ChargeOutcome;
    public sealed record Replayed(ChargeRecord Charge) : ChargeOutcome;
    public sealed record KeyReused : ChargeOutcome;
    public sealed record KeyClosed : ChargeOutcome;
}

public abstract record RefundOutcome
{
    public sealed record Done(RefundRecord Refund) : RefundOutcome;
    public sealed record UnknownCharge : RefundOutcome;
    public sealed record TooMuch : RefundOutcome;
    public sealed record KeyReused : RefundOutcome;
}
