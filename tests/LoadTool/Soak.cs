using System.Collections.Concurrent;
using System.Globalization;

namespace Ecommerce.LoadTool;

/// <summary>
/// A long run at a fixed rate (<c>--soak</c>), watched each minute: the minute's p99 and the
/// silo's managed heap after a full GC. Something that degrades with time (a leak, a growing
/// table, a queue that never drains) shows as a last minute worse than minute 2, the first
/// after warm-up; the run passes when both are within 10 % of it. The GC the heap reading
/// forces pauses the silo for the same moment every minute, so the minutes stay comparable.
/// </summary>
internal static class Soak
{
    private const double Tolerance = 0.10;

    public static async Task<bool> RunAsync(LoadOptions options, TextWriter output)
    {
        using var http = LoadRunner.CreateClient(options);
        using var silo = MemoryProbe.OperatorClient(options);
        var shop = await Shop.OpenAsync(http, options.Customers, options.Simulators, options.SeedProducts ?? 0);
        var (heapBefore, activationsBefore) = await MemoryProbe.HeapAfterFullGcAsync(silo);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {options.Scenario} at {options.Rate}/s for {options.Duration.TotalMinutes:0.#} min, read every {options.SoakInterval.TotalSeconds:0} s"));
        output.WriteLine($"{"at s",6} {"requests",9} {"p50 ms",8} {"p99 ms",8} {"heap MiB",9} {"activations",12}");

        var latencies = new ConcurrentQueue<double>();
        var run = LoadRunner.DriveAsync(options.Scenario, shop, options, latencies, TextWriter.Null);
        var minutes = new List<(double P99, long Heap)>();
        var (most, perActivation) = (0, 0.0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Readings on a fixed grid of intervals; one that a slow heap reading (a full GC on a busy
        // machine) has already passed is skipped, not taken at once over an empty interval.
        var next = options.SoakInterval;
        while (await Task.WhenAny(run, Task.Delay(next > clock.Elapsed ? next - clock.Elapsed : TimeSpan.Zero)) != run)
        {
            var at = clock.Elapsed;
            var minute = new List<double>(latencies.Count);
            while (latencies.TryDequeue(out var latency))
            {
                minute.Add(latency);
            }
            minute.Sort();
            var (heap, activations) = await MemoryProbe.HeapAfterFullGcAsync(silo);
            minutes.Add((LoadResult.Of(minute, 99), heap));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{at.TotalSeconds,6:0} {minute.Count,9} {LoadResult.Of(minute, 50),8:0.00} {LoadResult.Of(minute, 99),8:0.00} {heap / 1024.0 / 1024.0,9:0.0} {activations,12}"));
            most = Math.Max(most, activations - activationsBefore);
            if (activations > activationsBefore)
            {
                perActivation = (double)(heap - heapBefore) / (activations - activationsBefore);
            }
            while (next <= clock.Elapsed)
            {
                next += options.SoakInterval;
            }
        }
        var (requests, errors, _) = await run;
        output.WriteLine($"{requests} requests, {errors} errors");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"activations: {activationsBefore} before, at most {most} more; heap {heapBefore / 1024.0 / 1024.0:0.0} MiB before, {perActivation:0} bytes per activation at the last reading"));
        if (minutes.Count < 3)
        {
            output.WriteLine("soak: too short to compare (needs at least three readings).");
            return false;
        }

        var (early, last) = (minutes[1], minutes[^1]);
        var p99Held = last.P99 <= early.P99 * (1 + Tolerance);
        var heapHeld = last.Heap <= early.Heap * (1 + Tolerance);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: p99 {early.P99:0.00} ms in the second reading, {last.P99:0.00} ms in the last ({Change(early.P99, last.P99)}): {(p99Held ? "held" : "NOT held")}; " +
            $"heap {early.Heap / 1024.0 / 1024.0:0.0} MiB, then {last.Heap / 1024.0 / 1024.0:0.0} MiB ({Change(early.Heap, last.Heap)}): {(heapHeld ? "held" : "NOT held")}"));
        return p99Held && heapHeld && errors == 0;
    }

    private static string Change(double from, double to) =>
        string.Create(CultureInfo.InvariantCulture, $"{(to - from) / from:+0.0 %;-0.0 %}");
}
