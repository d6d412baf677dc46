using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Checkout;

/// <summary>
/// A shop of its own: the test reads its silo's pool and counts its simulators' requests in
/// flight, and the payment latency it sets must slow no other test's checkouts.
/// </summary>
public sealed class ConnectionHoldingFixture : ShopFixture;

public sealed class ConnectionHoldingTests(ConnectionHoldingFixture shop, ITestOutputHelper output)
    : IClassFixture<ConnectionHoldingFixture>
{
    private const int Checkouts = 40;

    [Fact]
    public async Task CheckoutsWaitingOnTheGatewayHoldNoDatabaseConnection()
    {
        var pool = PoolCounts.Of(shop.Silo.Services.GetRequiredService<NpgsqlDataSource>());
        var buyers = await Task.WhenAll(Enumerable.Range(0, Checkouts).Select(async _ =>
        {
            var buyer = await Shopper.NewAsync(shop);
            await buyer.AddAsync(await Shopper.ProductAsync(shop), 1);
            return buyer;
        }));
        var writersSku = await Shopper.ProductAsync(shop);
        var writers = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            // The first write activates the writer's cart; the measured ones only change it.
            var writer = await Shopper.NewAsync(shop);
            await writer.AddAsync(writersSku, 1);
            return writer;
        }));
        // One checkout first, at full speed: the 40 then find the silo's code compiled and its
        // connections open, and reach the gateway together instead of one JIT pause apart.
        var warmup = await Shopper.NewAsync(shop);
        await warmup.AddAsync(writersSku, 1);
        Assert.Equal(HttpStatusCode.Created, (await warmup.CheckoutAsync(Shopper.NewKey())).StatusCode);

        // Long enough for many samples with all forty waiting, and well under the payment
        // attempt's timeout (1.5 s): at 1 s, a CI run on a busy machine saw 9 charges time out
        // and their checkouts answer 504.
        await shop.Simulators.SetFaultsAsync(new { payment = new { latencyMs = 700 } });
        var baseline = await WriteCartsAsync(writers, writersSku, done: count => count >= 50);

        using var gateway = new RequestsInFlight(shop.Simulators.Services.GetRequiredService<IMeterFactory>());
        var checkouts = Task.WhenAll(buyers.Select(b => b.CheckoutAsync(Shopper.NewKey())));
        var sampling = SampleAsync(pool, gateway, until: checkouts);
        var during = await WriteCartsAsync(writers, writersSku, done: _ => checkouts.IsCompleted);
        var responses = await checkouts;
        var samples = await sampling;

        // Every checkout's charge is in the gateway's hands: whatever the silo's pool shows now
        // is all it uses while the checkouts wait.
        var waiting = samples.Where(s => s.InGateway >= Checkouts).ToList();
        var maxBusyWaiting = waiting.Count == 0 ? 0 : waiting.Max(s => s.Busy);
        var (baseP50, baseP95) = (Percentile(baseline, 0.50), Percentile(baseline, 0.95));
        var (duringP50, duringP95) = (Percentile(during, 0.50), Percentile(during, 0.95));
        output.WriteLine($"pool: max busy {maxBusyWaiting} while all {Checkouts} waited on the gateway ({waiting.Count} of {samples.Count} samples); " +
            $"max busy {samples.Max(s => s.Busy)} and max total {samples.Max(s => s.Total)} over the whole run");
        output.WriteLine($"cart writes: baseline p50 {baseP50.TotalMilliseconds:0} ms, p95 {baseP95.TotalMilliseconds:0} ms ({baseline.Count} writes); " +
            $"during p50 {duringP50.TotalMilliseconds:0} ms, p95 {duringP95.TotalMilliseconds:0} ms ({during.Count} writes)");

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        // Without samples taken while all the charges were pending the bound below proves nothing.
        Assert.True(waiting.Count >= 10, $"Only {waiting.Count} samples saw all {Checkouts} checkouts waiting on the gateway.");
        Assert.True(maxBusyWaiting <= 5,
            $"{maxBusyWaiting} of the silo's connections were busy while the checkouts waited on the gateway: a connection is held across the call.");
        Assert.All(baseline.Concat(during), w => Assert.Equal(HttpStatusCode.OK, w.Status));
        var bound = TimeSpan.FromTicks(Math.Max(3 * baseP95.Ticks, (baseP95 + TimeSpan.FromMilliseconds(100)).Ticks));
        Assert.True(duringP95 <= bound,
            $"Cart writes slowed while checkouts waited on the gateway: p95 {duringP95.TotalMilliseconds:0} ms against {baseP95.TotalMilliseconds:0} ms before.");
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()));
        var charges = await shop.Simulators.ChargesAsync();
        Assert.All(ids, id => Assert.Single(charges, c => c.GetProperty("reference").GetString() == id));
    }

    /// <summary>Writers set their cart line over and over, each timing its own writes, until <paramref name="done"/> holds.</summary>
    private static async Task<IReadOnlyList<CartWrite>> WriteCartsAsync(IEnumerable<Shopper> writers, string sku, Func<int, bool> done)
    {
        var writes = new ConcurrentQueue<CartWrite>();
        await Task.WhenAll(writers.Select(async writer =>
        {
            // A changing quantity, so that every write is a change the cart stores.
            for (var quantity = 2; !done(writes.Count); quantity = quantity % 9 + 1)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await writer.Client.PutAsJsonAsync($"/api/cart/items/{sku}", new { quantity });
                writes.Enqueue(new CartWrite(Stopwatch.GetElapsedTime(started), response.StatusCode));
            }
        }));
        return [.. writes];
    }

    /// <summary>The silo's pool and the gateway's requests in flight, every 10 ms until <paramref name="until"/> completes.</summary>
    private static async Task<IReadOnlyList<Sample>> SampleAsync(Func<(int Total, int Idle, int Busy)> pool, RequestsInFlight gateway, Task until)
    {
        var samples = new List<Sample>();
        while (!until.IsCompleted)
        {
            var inGateway = gateway.Count;
            var (total, _, busy) = pool();
            samples.Add(new Sample(total, busy, inGateway));
            await Task.Delay(10);
        }
        return samples;
    }

    private static TimeSpan Percentile(IReadOnlyList<CartWrite> writes, double p)
    {
        var sorted = writes.Select(w => w.Latency).Order().ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private sealed record CartWrite(TimeSpan Latency, HttpStatusCode Status);

    private sealed record Sample(int Total, int Busy, long InGateway);

    /// <summary>
    /// Requests the simulators are serving, from their own ASP.NET Core metrics: the outside
    /// calls the silo is waiting on. Scoped to this fixture's simulators, whose host owns the
    /// meter factory, so other shops in the process do not count.
    /// </summary>
    private sealed class RequestsInFlight : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public RequestsInFlight(IMeterFactory simulators)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "http.server.active_requests" && ReferenceEquals(instrument.Meter.Scope, simulators))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, change, _, _) => Interlocked.Add(ref _count, change));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
