using System.Collections.Concurrent;
using System.Net;

namespace Ecommerce.Tests.Grains;

/// <summary>The calls the order workflow makes to the outside services, as the fault handler tells them apart.</summary>
public enum OutsideCall
{
    Reserve,
    Commit,
    Release,
    Charge,
    Refund,
    Email,
}

/// <summary>How a call fails.</summary>
public enum FaultKind
{
    /// <summary>The service answers 500 and does nothing.</summary>
    ErrorAnswer,

    /// <summary>The connection is refused; nothing is sent.</summary>
    Unreachable,

    /// <summary>No answer before the attempt's deadline; nothing is done.</summary>
    Timeout,

    /// <summary>The service does the work, and its reply never arrives.</summary>
    ReplyLost,

    /// <summary>The call waits until the test lets it go (it then fails as a lost reply after the work).</summary>
    Hold,
}

/// <summary>
/// Precise failures of the calls that one order makes, injected between the silo's resilience
/// pipeline and the simulators (real HTTP). A fault is armed for an order id and a call, for a
/// number of calls; every other request goes through untouched.
/// </summary>
public sealed class OutsideFaults
{
    private readonly ConcurrentDictionary<(string OrderId, OutsideCall Call), Armed> _armed = new();

    public void Arm(string orderId, OutsideCall call, FaultKind kind, int times = 1) =>
        _armed[(orderId, call)] = new Armed(kind, times);

    public void Disarm(string orderId) { foreach (var key in _armed.Keys.Where(k => k.OrderId == orderId)) _armed.TryRemove(key, out _); }

    /// <summary>Waits until a held call of the order has arrived; returns the silo that made it.</summary>
    public async Task<string> HeldAsync(string orderId, OutsideCall call, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        var armed = _armed[(orderId, call)];
        using var registration = timeout.Token.Register(() => armed.Arrived.TrySetCanceled());
        return await armed.Arrived.Task;
    }

    /// <summary>Lets every held call go (each then fails as a lost reply after its work).</summary>
    public void ReleaseHeld() { foreach (var armed in _armed.Values) armed.Release.TrySetResult(); }

    /// <summary>
    /// The handler of one silo. Once that silo is stopping (killed), its calls fail as a dead
    /// process's would never be made: an in-process silo's grain code outlives its kill, and must
    /// not act for it.
    /// </summary>
    public DelegatingHandler CreateHandler(string silo, CancellationToken dead) => new Handler(this, silo, dead);

    private Armed? Take(HttpRequestMessage request)
    {
        if (Classify(request) is not { } call || !request.Headers.TryGetValues("Idempotency-Key", out var keys))
        {
            return null;
        }
        var key = keys.First();
        var orderId = key.StartsWith("refund-", StringComparison.Ordinal) ? key["refund-".Length..]
            : key.EndsWith("-confirmation", StringComparison.Ordinal) ? key[..^"-confirmation".Length]
            : key;
        return _armed.TryGetValue((orderId, call), out var armed) && armed.TryTake() ? armed : null;
    }

    private static OutsideCall? Classify(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        return path switch
        {
            _ when path.EndsWith("/commit", StringComparison.Ordinal) => OutsideCall.Commit,
            _ when path.EndsWith("/release", StringComparison.Ordinal) => OutsideCall.Release,
            _ when path.EndsWith("inventory/reservations", StringComparison.Ordinal) => OutsideCall.Reserve,
            _ when path.EndsWith("payments/charges", StringComparison.Ordinal) => OutsideCall.Charge,
            _ when path.EndsWith("payments/refunds", StringComparison.Ordinal) => OutsideCall.Refund,
            _ when path.EndsWith("email/messages", StringComparison.Ordinal) => OutsideCall.Email,
            _ => null,
        };
    }

    private sealed class Armed(FaultKind kind, int times)
    {
        private int _left = times;

        public FaultKind Kind { get; } = kind;
        public TaskCompletionSource<string> Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryTake() => Interlocked.Decrement(ref _left) >= 0;
    }

    private sealed class Handler(OutsideFaults faults, string silo, CancellationToken dead) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (dead.IsCancellationRequested)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, "This silo was killed.");
            }
            if (faults.Take(request) is not { } armed)
            {
                return await base.SendAsync(request, cancellationToken);
            }
            switch (armed.Kind)
            {
                case FaultKind.ErrorAnswer:
                    return new HttpResponseMessage(HttpStatusCode.InternalServerError) { RequestMessage = request };
                case FaultKind.Unreachable:
                    throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (injected).");
                case FaultKind.Timeout:
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    throw new InvalidOperationException("unreachable");
                case FaultKind.Hold:
                    armed.Arrived.TrySetResult(silo);
                    try
                    {
                        await armed.Release.Task.WaitAsync(dead);
                    }
                    catch (OperationCanceledException)
                    {
                        throw new HttpRequestException(HttpRequestError.ConnectionError, "This silo was killed.");
                    }
                    goto default;
                default:
                    using (await base.SendAsync(request, CancellationToken.None))
                    {
                        throw new HttpRequestException(HttpRequestError.ResponseEnded, "The reply was lost after the work (injected).");
                    }
            }
        }
    }
}
