using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Ecommerce.LoadTool;

/// <summary>Runs a scenario flat out or at a fixed rate, with progress, and the floors beside it.</summary>
public static class LoadRunner
{
    public static async Task<IReadOnlyList<LoadResult>> RunAsync(LoadOptions options, TextWriter output)
    {
        using var http = CreateClient(options);
        var shop = await Shop.OpenAsync(http, options.Customers, options.Simulators);

        var results = new List<LoadResult>();
        if (options.Floors)
        {
            results.Add(await MeasureAsync("HTTP floor (live)", "live", shop, options, output));
        }
        results.Add(await MeasureAsync(options.Rate is { } rate ? $"{options.Scenario} @ {rate}/s" : options.Scenario,
            options.Scenario, shop, options, output));
        if (options.Postgres is { } postgres)
        {
            results.Add(await StorageFloor.MeasureAsync(postgres, options, output));
        }

        output.WriteLine();
        output.WriteLine(LoadResult.Header);
        foreach (var result in results)
        {
            output.WriteLine(result);
        }
        output.WriteLine();
        output.WriteLine("CPU ms per request, by program:");
        foreach (var result in results.Where(r => r.Cpu is { MsPerOperation.Count: > 0 }))
        {
            output.WriteLine($"  {result.Name,-24} {result.Cpu}");
        }
        foreach (var result in results.Where(r => r.GcPauses is not null))
        {
            output.WriteLine($"GC pauses during {result.Name}: {result.GcPauses}");
        }
        if (options.Floors)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Scenario} / HTTP floor = {results[1].RequestsPerSecond / results[0].RequestsPerSecond:0.00}"));
        }
        if (options.Postgres is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Scenario} / storage floor = {results[^2].RequestsPerSecond / results[^1].RequestsPerSecond:0.00}"));
        }
        return results;
    }

    /// <summary>The one client of a run: enough connections for the load, kept for its whole length.</summary>
    public static HttpClient CreateClient(LoadOptions options) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(options.Concurrency, 64),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    })
    { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<LoadResult> MeasureAsync(string name, string scenario, Shop shop, LoadOptions options, TextWriter output)
    {
        if (options.Client == "wrk")
        {
            return await WrkClient.MeasureAsync(name, scenario, shop, options, output);
        }
        if (options.Warmup > TimeSpan.Zero)
        {
            await DriveAsync(scenario, shop, options with { Duration = options.Warmup }, null, TextWriter.Null);
        }
        var latencies = new ConcurrentQueue<double>();
        var gc = await GcPauses.ReadAsync(options);
        var cpu = CpuMeter.Read();
        var (requests, errors, elapsed) = await DriveAsync(scenario, shop, options, latencies, options.Quiet ? TextWriter.Null : output);
        var cpuUse = cpu.Until(CpuMeter.Read(), requests);
        var paused = gc.Until(await GcPauses.ReadAsync(options));
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new LoadResult(name, requests, errors, elapsed, sorted) { Cpu = cpuUse, GcPauses = paused };
    }

    internal static async Task<(long Requests, long Errors, TimeSpan Elapsed)> DriveAsync(
        string scenario, Shop shop, LoadOptions options, ConcurrentQueue<double>? latencies, TextWriter progress)
    {
        long requests = 0, errors = 0, slowestMicros = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(options.Duration);

        async Task OneAsync(Random random, long scheduledAt)
        {
            var status = await shop.RunAsync(scenario, random);
            var latency = Stopwatch.GetElapsedTime(scheduledAt);
            latencies?.Enqueue(latency.TotalMilliseconds);
            var micros = (long)(latency.TotalMilliseconds * 1000);
            for (var seen = Interlocked.Read(ref slowestMicros); micros > seen;)
            {
                var was = Interlocked.CompareExchange(ref slowestMicros, micros, seen);
                seen = was == seen ? micros : was;
            }
            Interlocked.Increment(ref requests);
            // Errors are the shop failing (5xx, no answer). A 4xx is the shop refusing a request
            // the load made in a race with itself, such as a checkout of a cart another worker
            // of the same customer has just bought.
            if (status is 0 or >= 500)
            {
                Interlocked.Increment(ref errors);
            }
        }

        var reporter = ReportAsync(progress, () => Interlocked.Read(ref requests), () => Interlocked.Read(ref errors),
            () => Interlocked.Exchange(ref slowestMicros, 0) / 1000.0, stop.Token);
        if (options.Rate is { } rate)
        {
            // Open loop: each request has a scheduled start, and its latency counts from then.
            var inFlight = new List<Task>();
            var random = new Random();
            var started = Stopwatch.GetTimestamp();
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                var scheduled = started + (long)(i * (double)Stopwatch.Frequency / rate);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
                inFlight.Add(OneAsync(new Random(random.Next()), scheduled));
                if (inFlight.Count > 10_000)
                {
                    inFlight.RemoveAll(t => t.IsCompleted);
                }
            }
            await Task.WhenAll(inFlight);
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async worker =>
            {
                var random = new Random(worker);
                while (!stop.IsCancellationRequested)
                {
                    await OneAsync(random, Stopwatch.GetTimestamp());
                }
            }));
        }
        var elapsed = clock.Elapsed;
        await reporter;
        return (requests, errors, elapsed);
    }

    /// <summary>Each second: requests so far, that second's rate and slowest answer, errors so far.</summary>
    private static async Task ReportAsync(TextWriter progress, Func<long> requests, Func<long> errors, Func<double> slowestSinceLast, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        long last = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = requests();
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {clock.Elapsed.TotalSeconds,4:0}s  {now,9} requests  {now - last,7} req/s  slowest {slowestSinceLast(),7:0.0} ms  {errors(),5} errors"));
                last = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
