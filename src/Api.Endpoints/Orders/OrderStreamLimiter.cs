using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Ecommerce.Api.Orders;

/// <summary>Counts the order streams each customer holds open on this API process.</summary>
public sealed class OrderStreamLimiter(IOptions<OrderStreamOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>A lease on one stream, or null when the customer holds the most allowed.</summary>
    public IDisposable? TryAcquire(string customerId)
    {
        var max = options.Value.MaxPerCustomer;
        while (true)
        {
            var open = _open.GetValueOrDefault(customerId);
            if (open >= max)
            {
                return null;
            }
            if (open == 0 ? _open.TryAdd(customerId, 1) : _open.TryUpdate(customerId, open + 1, open))
            {
                return new Lease(this, customerId);
            }
        }
    }

    private void Release(string customerId)
    {
        while (true)
        {
            var open = _open[customerId];
            if (open == 1 ? _open.TryRemove(KeyValuePair.Create(customerId, 1)) : _open.TryUpdate(customerId, open - 1, open))
            {
                return;
            }
        }
    }

    private sealed class Lease(OrderStreamLimiter limiter, string customerId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limiter.Release(customerId);
            }
        }
    }
}
