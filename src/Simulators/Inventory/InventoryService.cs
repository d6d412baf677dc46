namespace Ecommerce.Simulators.Inventory;

/// <summary>
/// Stock per sku and reservations per order. Every operation is idempotent per reservation
/// id; a reservation that is never committed is released when it expires.
/// </summary>
public sealed class InventoryService(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Stock> _stock = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Reservation> _reservations = new(StringComparer.Ordinal);

    public void SetAvailable(string sku, int available)
    {
        lock (_lock)
        {
            StockOf(sku).Available = available;
        }
    }

    public (int Available, int Reserved) StockLevel(string sku)
    {
        lock (_lock)
        {
            var stock = StockOf(sku);
            return (stock.Available, stock.Reserved);
        }
    }

    public Reservation? Find(string reservationId)
    {
        lock (_lock)
        {
            return _reservations.GetValueOrDefault(reservationId);
        }
    }

    /// <summary>Reserves all lines or none; the skus short of stock otherwise.</summary>
    public ReserveOutcome Reserve(string reservationId, IReadOnlyList<ReservationLine> lines, TimeSpan ttl)
    {
        lock (_lock)
        {
            if (_reservations.TryGetValue(reservationId, out var existing))
            {
                return existing.State is ReservationState.Reserved or ReservationState.Committed
                    ? new ReserveOutcome.Reserved(existing)
                    : new ReserveOutcome.Closed(existing);
            }

            var wanted = lines.GroupBy(l => l.Sku).Select(g => (Sku: g.Key, Quantity: g.Sum(l => l.Quantity))).ToList();
            var missing = wanted.Where(w => StockOf(w.Sku).Available < w.Quantity).Select(w => w.Sku).ToList();
            if (missing.Count > 0)
            {
                return new ReserveOutcome.Insufficient(missing);
            }

            foreach (var (sku, quantity) in wanted)
            {
                StockOf(sku).Available -= quantity;
                StockOf(sku).Reserved += quantity;
            }
            var reservation = new Reservation(reservationId, wanted.Select(w => new ReservationLine(w.Sku, w.Quantity)).ToList(), time.GetUtcNow() + ttl);
            _reservations[reservationId] = reservation;
            return new ReserveOutcome.Reserved(reservation);
        }
    }

    /// <summary>Reserved stock becomes sold; committing twice is fine, after a release it is not.</summary>
    public Reservation? Commit(string reservationId)
    {
        lock (_lock)
        {
            if (!_reservations.TryGetValue(reservationId, out var reservation))
            {
                return null;
            }
            if (reservation.State == ReservationState.Reserved)
            {
                foreach (var line in reservation.Lines)
                {
                    StockOf(line.Sku).Reserved -= line.Quantity;
                }
                reservation.State = ReservationState.Committed;
            }
            return reservation;
        }
    }

    /// <summary>
    /// Returns reserved or sold stock. Releasing an id never seen leaves a closed record, so
    /// a reservation that arrives after its release (a lost reply, a retry) is refused.
    /// </summary>
    public Reservation Release(string reservationId)
    {
        lock (_lock)
        {
            if (!_reservations.TryGetValue(reservationId, out var reservation))
            {
                reservation = new Reservation(reservationId, [], time.GetUtcNow()) { State = ReservationState.Released };
                _reservations[reservationId] = reservation;
                return reservation;
            }
            Return(reservation, ReservationState.Released);
            return reservation;
        }
    }

    public void ExpireOverdue()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var reservation in _reservations.Values.Where(r => r.State == ReservationState.Reserved && r.ExpiresAt <= now))
            {
                Return(reservation, ReservationState.Expired);
            }
        }
    }

    private void Return(Reservation reservation, ReservationState newState)
    {
        if (reservation.State is ReservationState.Reserved or ReservationState.Committed)
        {
            foreach (var line in reservation.Lines)
            {
                var stock = StockOf(line.Sku);
                stock.Available += line.Quantity;
                if (reservation.State == ReservationState.Reserved)
                {
                    stock.Reserved -= line.Quantity;
                }
            }
            reservation.State = newState;
        }
    }

    private Stock StockOf(string sku)
    {
        if (!_stock.TryGetValue(sku, out var stock))
        {
            stock = new Stock();
            _stock[sku] = stock;
        }
        return stock;
    }

    private sealed class Stock
    {
        public int Available { get; set; }
        public int Reserved { get; set; }
    }
}

public enum ReservationState { Reserved, Committed, Released, Expired }

public sealed record ReservationLine(string Sku, int Quantity);

public sealed class Reservation(string id, IReadOnlyList<ReservationLine> lines, DateTimeOffset expiresAt)
{
    public string Id { get; } = id;
    public IReadOnlyList<ReservationLine> Lines { get; } = lines;
    public DateTimeOffset ExpiresAt { get; } = expiresAt;
    public ReservationState State { get; set; } = ReservationState.Reserved;
}

public abstract record ReserveOutcome
{
    public sealed record Reserved(Reservation Reservation) : ReserveOutcome;
    public sealed record Insufficient(IReadOnlyList<string> Skus) : ReserveOutcome;
    public sealed record Closed(Reservation Reservation) : ReserveOutcome;
}
