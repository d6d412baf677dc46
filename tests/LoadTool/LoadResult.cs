using System.Globalization;

namespace Ecommerce.LoadTool;

/// <summary>What one measured run did: throughput, latency percentiles, errors, and the CPU it cost.</summary>
public sealed record LoadResult(string Name, long Requests, long Errors, TimeSpan Elapsed, double[] LatenciesMs)
{
    public CpuUse? Cpu { get; init; }

    /// <summary>How long the collector paused the silo and the load tool during the run (.NET client only).</summary>
    internal GcPauses? GcPauses { get; init; }

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double Percentile(double p) => Of(LatenciesMs, p);

    /// <summary>The nearest-rank percentile of latencies sorted ascending; 0 for none.</summary>
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];

    public static string Header => $"{"run",-24} {"requests",9} {"req/s",9} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"errors",7}";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-24} {Requests,9} {RequestsPerSecond,9:0} {Percentile(50),8:0.00} {Percentile(90),8:0.00} {Percentile(99),8:0.00} {(LatenciesMs.Length == 0 ? 0 : LatenciesMs[^1]),8:0.00} {Errors,7}");
}
