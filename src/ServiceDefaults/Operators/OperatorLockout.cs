using System.Net;
using System.Net.Sockets;

namespace Ecommerce.ServiceDefaults.Operators;

/// <summary>
/// Counts failed operator sign-ins per client address, so that the credential cannot be
/// guessed at full speed (before this, 1,000 guesses took 2.8 s). After
/// <see cref="MaxFailures"/> failures within a <see cref="Window"/> that starts at the
/// client's first failure, the client is locked out until that window ends. Successful
/// sign-ins neither count nor reset the count: a right guess must not buy more guesses.
/// </summary>
public sealed class OperatorLockout(TimeProvider clock)
{
    public const int MaxFailures = 10;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Clients remembered at once (about 100 bytes each). An attacker with more addresses
    /// than this shares one window among all the rest, so guesses stay bounded at
    /// <see cref="MaxFailures"/> per address per minute plus as many for all the others;
    /// the price is that while the table is full of live windows, an operator at a new
    /// address shares that window too.
    /// </summary>
    public const int MaxClients = 10_000;

    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, FailureWindow> _clients = [];
    private readonly FailureWindow _overflow = new();
    private DateTimeOffset _nextPrune;

    /// <summary>Whether the client is locked out, and for how long yet.</summary>
    public bool IsLockedOut(IPAddress? client, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var window = Find(KeyOf(client), now, add: false);
            retryAfter = window is { Failures: >= MaxFailures } && now < window.Ends ? window.Ends - now : TimeSpan.Zero;
            return retryAfter > TimeSpan.Zero;
        }
    }

    public void RecordFailure(IPAddress? client)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var window = Find(KeyOf(client), now, add: true)!;
            if (now >= window.Ends)
            {
                window.Ends = now + Window;
                window.Failures = 0;
            }
            window.Failures++;
        }
    }

    /// <summary>The clients remembered now; for tests of the bound.</summary>
    public int TrackedClients
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    private FailureWindow? Find(IPAddress key, DateTimeOffset now, bool add)
    {
        if (_clients.TryGetValue(key, out var window))
        {
            return window;
        }
        if (_clients.Count >= MaxClients && now >= _nextPrune)
        {
            // Ended windows hold nothing worth keeping. Pruning scans the whole table, so it
            // runs at most once per interval however fast new addresses arrive.
            foreach (var (address, ended) in _clients)
            {
                if (now >= ended.Ends)
                {
                    _clients.Remove(address);
                }
            }
            _nextPrune = now + PruneInterval;
        }
        if (_clients.Count >= MaxClients)
        {
            return _overflow;
        }
        if (!add)
        {
            return null;
        }
        window = new FailureWindow();
        _clients.Add(key, window);
        return window;
    }

    /// <summary>
    /// One client per IPv4 address, and per /64 for IPv6: one IPv6 host usually holds a whole
    /// /64 and could otherwise take a fresh address for every ten guesses.
    /// </summary>
    private static IPAddress KeyOf(IPAddress? client)
    {
        if (client is null)
        {
            return IPAddress.None;
        }
        if (client.IsIPv4MappedToIPv6)
        {
            return client.MapToIPv4();
        }
        if (client.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return client;
        }
        var bytes = client.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    private sealed class FailureWindow
    {
        public DateTimeOffset Ends { get; set; }

        public int Failures { get; set; }
    }
}
