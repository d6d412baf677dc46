using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Ecommerce.LoadTool;

/// <summary>One open-loop phase: what was sent and how each kind of answer came back.</summary>
public sealed record OverloadPhase(string Name, double TargetRate, long Sent, long Dropped, TimeSpan Elapsed, double[] AdmittedMs, double[] RefusedMs, long Errors,
    IReadOnlyList<double> AdmittedP99BySecond, ShopRefusals? AtTheShop, double? SiloWorkingSetMiB)
{
    /// <summary>Below the target when the load tool could not keep its schedule (it shares the machine).</summary>
    public double SentRate => Sent / Elapsed.TotalSeconds;
    public double AdmittedRate => AdmittedMs.Length / Elapsed.TotalSeconds;
    public double RefusedRate => RefusedMs.Length / Elapsed.TotalSeconds;

    public static string Header =>
        $"{"phase",-16} {"target/s",9} {"sent/s",9} {"admitted/s",10} {"refused/s",9} {"adm p50",8} {"adm p99",8} {"ref p50",8} {"ref p99",8} {"errors",7} {"dropped",8} {"ref<10ms@shop",13} {"silo MiB",8}";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-16} {TargetRate,9:0} {SentRate,9:0} {AdmittedRate,10:0} {RefusedRate,9:0} {LoadResult.Of(AdmittedMs, 50),8:0.0} {LoadResult.Of(AdmittedMs, 99),8:0.0} " +
        $"{LoadResult.Of(RefusedMs, 50),8:0.0} {LoadResult.Of(RefusedMs, 99),8:0.0} {Errors,7} {Dropped,8} {AtTheShop?.ToString() ?? "-",13} {(SiloWorkingSetMiB is { } mib ? mib.ToString("0", CultureInfo.InvariantCulture) : "-"),8}");
}

/// <summary>
/// The API's own timing of the 503s it answered during a phase, from its
/// <c>http_server_request_duration_seconds</c> histogram on the operator port (--silo: the silo
/// that serves the API): the time from the request's arrival to its answer at the shop, which
/// the client's figure exceeds by its own and the kernel's queues.
/// </summary>
public sealed record ShopRefusals(double Count, double Under10Ms)
{
    public override string ToString() => Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Under10Ms / Count:0.0 %}");

    public static async Task<ShopRefusals?> ReadAsync(HttpClient silo) =>
        await Exposition.ReadAsync(silo) is { } exposition ? From(exposition) : null;

    /// <summary>The 503s counted in a Prometheus exposition, and those within 10 ms.</summary>
    public static ShopRefusals From(string exposition)
    {
        const string series = "http_server_request_duration_seconds_bucket";
        const string refused = "http_response_status_code=\"503\"";
        var (count, found) = Exposition.Sum(exposition, series, refused, "le=\"+Inf\"");
        return found ? new ShopRefusals(count, Exposition.Sum(exposition, series, refused, "le=\"0.01\"").Sum) : new ShopRefusals(0, 0);
    }

    public ShopRefusals Until(ShopRefusals later) => new(later.Count - Count, later.Under10Ms - Under10Ms);
}

/// <summary>
/// Overload (--overload 0.5,1,2,4): the scenario's saturating rate measured first, flat out at
/// --concurrency, then arrivals on a fixed schedule at each multiple of it for --duration,
/// sent whatever the answers, from as many connections as are in flight (open loop: customers
/// do not wait for each other's answers, and wrk cannot do this), then half the saturating rate
/// again, timing the recovery. A 503 is a refusal; any other 5xx or no answer is an error; the
/// rest are admitted. Latency counts from each request's scheduled start. An arrival finding
/// --most-unanswered (10,000) of the tool's requests still unanswered is dropped, not sent (a shop that answers none
/// in time would otherwise take the tool's memory with it). Before the phases, --warmup (at most
/// --duration) at half rate, not counted: the first open-loop second otherwise pays for the
/// connections and threads it opens. The operator port's /health/live (--silo) is probed four
/// times a second throughout, and the silo's working set read as each phase's sending ends.
/// </summary>
public static class Overload
{
    public static async Task<IReadOnlyList<OverloadPhase>> RunAsync(LoadOptions options, TextWriter output)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        })
        { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
        var shop = await Shop.OpenAsync(http, options.Customers, options.Simulators);
        var scenario = options.Scenario;

        await LoadRunner.DriveAsync(scenario, shop, options with { Duration = options.Warmup, Rate = null }, null, TextWriter.Null);
        var (requests, errors, elapsed) = await LoadRunner.DriveAsync(scenario, shop, options with { Rate = null }, null, TextWriter.Null);
        var saturating = (requests - errors) / elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario}: saturating rate {saturating:0}/s ({options.Concurrency} in flight, flat out, {errors} errors)"));

        using var silo = MemoryProbe.OperatorClient(options);
        if (options.Warmup > TimeSpan.Zero)
        {
            await PhaseAsync("warm-up", 0.5 * saturating, shop, options, silo, TimeSpan.FromTicks(Math.Min(options.Warmup.Ticks, options.Duration.Ticks)));
        }
        using var probing = new CancellationTokenSource();
        var probe = ProbeAsync(options, probing.Token);
        var phases = new List<OverloadPhase>();
        foreach (var multiple in options.Overload ?? [0.5, 1, 2, 4])
        {
            phases.Add(await PhaseAsync(string.Create(CultureInfo.InvariantCulture, $"{multiple:0.##} x"), multiple * saturating, shop, options, silo, options.Duration));
        }
        phases.Add(await PhaseAsync("back to 0.5 x", 0.5 * saturating, shop, options, silo, options.Duration));
        await probing.CancelAsync();
        var (probes, failures, slowest) = await probe;

        output.WriteLine(OverloadPhase.Header);
        foreach (var phase in phases)
        {
            output.WriteLine(phase);
        }
        var half = phases.FirstOrDefault(p => p.Name == "0.5 x");
        if (half is not null)
        {
            var normal = LoadResult.Of(half.AdmittedMs, 99);
            var bySecond = phases[^1].AdmittedP99BySecond;
            // Recovered from the first second after which every second's p99 is within twice the half-rate p99.
            var recovered = Enumerable.Range(0, bySecond.Count + 1).First(s => bySecond.Skip(s).All(p99 => p99 <= 2 * normal));
            output.WriteLine(bySecond.Count == 0 ? "recovery: none, nothing was admitted at half rate" : string.Create(CultureInfo.InvariantCulture,
                $"recovery: back to within 2 x the half-rate p99 ({normal:0.0} ms) after {recovered} s at half rate; each second's p99: {string.Join(" ", bySecond.Select(p => p.ToString("0", CultureInfo.InvariantCulture)))} ms"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"operator port /health/live throughout: {probes} probes, {failures} failed, slowest {slowest:0.0} ms"));
        return phases;
    }

    private static async Task<OverloadPhase> PhaseAsync(string name, double rate, Shop shop, LoadOptions options, HttpClient silo, TimeSpan duration)
    {
        var scenario = options.Scenario;
        var shopBefore = await ShopRefusals.ReadAsync(silo);
        var admitted = new ConcurrentQueue<(double Ms, int Second)>();
        var refused = new ConcurrentQueue<double>();
        long errors = 0, unanswered = 0, dropped = 0;
        var inFlight = new List<Task>();
        var random = new Random();
        var clock = Stopwatch.StartNew();
        var started = Stopwatch.GetTimestamp();
        var count = (long)(rate * duration.TotalSeconds);
        for (long i = 0; i < count; i++)
        {
            var scheduled = started + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            var second = (int)(i / rate);
            if (Interlocked.Read(ref unanswered) >= options.MostUnanswered)
            {
                dropped++;
                continue;
            }
            Interlocked.Increment(ref unanswered);
            inFlight.Add(OneAsync(new Random(random.Next()), scheduled, second));
            if (inFlight.Count > 2 * options.MostUnanswered)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
        var sending = clock.Elapsed;
        // The silo's memory with the phase's last arrivals still in the shop (the operator port answers under any load).
        var workingSet = await Exposition.ReadAsync(silo) is { } metrics && Exposition.Sum(metrics, "dotnet_process_memory_working_set_bytes") is (var bytes, true)
            ? bytes / 1024 / 1024 : (double?)null;
        await Task.WhenAll(inFlight);
        var shopAfter = await ShopRefusals.ReadAsync(silo);

        async Task OneAsync(Random r, long scheduled, int second)
        {
            int status;
            try
            {
                status = await shop.RunAsync(scenario, r);
            }
            finally
            {
                Interlocked.Decrement(ref unanswered);
            }
            var ms = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
            if (status == 503)
            {
                refused.Enqueue(ms);
            }
            else if (status is 0 or >= 500)
            {
                Interlocked.Increment(ref errors);
            }
            else
            {
                admitted.Enqueue((ms, second));
            }
        }

        var all = admitted.ToArray();
        var bySecond = all.GroupBy(a => a.Second).OrderBy(g => g.Key)
            .Select(g => LoadResult.Of(g.Select(a => a.Ms).Order().ToArray(), 99)).ToList();
        var admittedMs = all.Select(a => a.Ms).ToArray();
        Array.Sort(admittedMs);
        var refusedMs = refused.ToArray();
        Array.Sort(refusedMs);
        // Rates over the time it took to send the schedule: the answers' tail belongs to the phase, not to its rate.
        return new OverloadPhase(name, rate, count - dropped, dropped, sending, admittedMs, refusedMs, errors, bySecond,
            shopBefore is not null && shopAfter is not null ? shopBefore.Until(shopAfter) : null, workingSet);
    }

    private static async Task<(int Probes, int Failures, double SlowestMs)> ProbeAsync(LoadOptions options, CancellationToken stop)
    {
        using var probe = new HttpClient { BaseAddress = options.Silo, Timeout = TimeSpan.FromSeconds(10) };
        int probes = 0, failures = 0;
        double slowest = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await probe.GetAsync("health/live", CancellationToken.None);
                    failures += response.IsSuccessStatusCode ? 0 : 1;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    failures++;
                }
                probes++;
                slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        catch (OperationCanceledException)
        {
        }
        return (probes, failures, slowest);
    }
}
