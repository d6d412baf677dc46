namespace Ecommerce.Grains.Interfaces.Orders;

/// <summary>Lists a customer's orders from the orders read model, newest first.</summary>
public interface IOrderQueryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Orders newest first, of one customer or (null) of all, of one status or (null) any;
    /// <paramref name="stuck"/>: only those still pending past <c>Orders:StuckAfter</c>.
    /// </summary>
    Task<OrderPage> ListAsync(string? customerId, OrderStatus? status, bool stuck, int page, int pageSize);
}

[GenerateSerializer, Immutable, Alias("Ecommerce.OrderPage")]
public sealed record OrderPage(
    [property: Id(0)] IReadOnlyList<OrderDetails> Items,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] long Total);
