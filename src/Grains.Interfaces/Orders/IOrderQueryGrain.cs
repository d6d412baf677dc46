namespace Ecommerce.Grains.Interfaces.Orders;

/// <summary>Lists orders from the orders read model, newest first; never activates order grains.</summary>
public interface IOrderQueryGrain : IGrainWithIntegerKey
{
    /// <summary>One page of the orders the query selects, with the bounded count and where the next page starts.</summary>
    Task<OrderPage> ListAsync(OrderQuery query);
}

/// <summary>
/// Orders of one customer or (null) of all, of one status or (null) any; <see cref="Stuck"/>: only
/// those still pending past <c>Orders:StuckAfter</c>. The page starts after <see cref="After"/>
/// (a cursor) or else at <see cref="Page"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.OrderQuery")]
public sealed record OrderQuery(
    [property: Id(0)] string? CustomerId,
    [property: Id(1)] OrderStatus? Status,
    [property: Id(2)] bool Stuck,
    [property: Id(3)] int Page,
    [property: Id(4)] int PageSize,
    [property: Id(5)] OrderPosition? After = null);

/// <summary>An order's place in the newest-first order, as the read model holds it (to the microsecond).</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.OrderPosition")]
public sealed record OrderPosition([property: Id(0)] DateTime CreatedAtUtc, [property: Id(1)] string OrderId);

[GenerateSerializer, Immutable, Alias("Ecommerce.OrderPage")]
public sealed record OrderPage(
    [property: Id(0)] IReadOnlyList<OrderDetails> Items,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] long Total,
    [property: Id(4)] bool TotalIsLowerBound = false,
    [property: Id(5)] OrderPosition? Next = null);
