using System.Threading.RateLimiting;

namespace Ecommerce.Api.Http;

/// <summary>
/// A deadline on the wait for a place: the framework's <see cref="ConcurrencyLimiter"/> queues
/// without one, so while the requests in flight are slow (a database failing over holds each for
/// its grain call's deadline) a queued request would wait for them and then take its own time
/// too. Past <c>maxWait</c> it is refused like one past the queue, while it can still be
/// answered in time; a place free at once costs no timer.
/// </summary>
internal sealed class QueueDeadline<TResource>(PartitionedRateLimiter<TResource> places, TimeSpan maxWait) : PartitionedRateLimiter<TResource>
{
    public override RateLimiterStatistics? GetStatistics(TResource resource) => places.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(TResource resource, int permitCount) => places.AttemptAcquire(resource, permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(TResource resource, int permitCount, CancellationToken cancellationToken)
    {
        var lease = places.AttemptAcquire(resource, permitCount);
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(maxWait);
        try
        {
            return await places.AcquireAsync(resource, permitCount, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Refused.Lease;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            places.Dispose();
        }
        base.Dispose(disposing);
    }

    private sealed class Refused : RateLimitLease
    {
        public static readonly Refused Lease = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
