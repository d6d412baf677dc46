using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ecommerce.LoadTool;

/// <summary>
/// The storage floor: pgbench calling the project's storage function directly with the write
/// a cart update makes (a compare-and-swap of one grain's state, a payload the size of the
/// carts the cart scenario writes), at the same concurrency, against the same server.
/// </summary>
internal static partial class StorageFloor
{
    // The state of a cart the cart scenario has filled: a line for every product of its shelf.
    private static readonly string Payload =
        $$"""{"lines":[{{string.Join(",", Enumerable.Range(1, Shop.CartShelf).Select(i => $$"""{"sku":"SKU-{{i:00000}}","quantity":2}"""))}}],"updatedAt":"2026-11-25T03:00:00.0000000+00:00","expiryScheduled":true}""";

    public static async Task<LoadResult> MeasureAsync(string connection, LoadOptions options, TextWriter output)
    {
        var settings = connection.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var pgbench = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pgbench")).Where(File.Exists).Max()
            ?? throw new InvalidOperationException("pgbench not found under /usr/lib/postgresql.");
        var script = Path.GetTempFileName();
        var hex = Convert.ToHexString(Encoding.UTF8.GetBytes(Payload));
        // Rows of their own (service 'floor'), first inserted, then updated with the version they hold.
        await File.WriteAllTextAsync(script, $$"""
            \set n random(1, 10000)
            SELECT orleans_storage_write(:n, 0, 0, 7, 'cart', 'floor-' || :n, 'floor', (SELECT version FROM orleansstorage WHERE grainidhash = :n AND graintypehash = 7 AND grainidn0 = 0 AND grainidn1 = 0 AND graintypestring = 'cart' AND grainidextensionstring = 'floor-' || :n AND serviceid = 'floor'), '\x{{hex}}'::bytea);
            """);
        var arguments = new List<string>
        {
            "-n", "-M", "prepared", "-f", script,
            "-c", options.Concurrency.ToString(CultureInfo.InvariantCulture),
            "-j", "2", "-T", ((int)Math.Ceiling(options.Duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            "-h", settings.GetValueOrDefault("host", "127.0.0.1"), "-p", settings.GetValueOrDefault("port", "5432"),
            "-U", settings.GetValueOrDefault("username", "postgres"), settings.GetValueOrDefault("database", "ecommerce"),
        };
        var start = new ProcessStartInfo(pgbench, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (settings.TryGetValue("password", out var password))
        {
            start.Environment["PGPASSWORD"] = password;
        }
        output.WriteLine($"  storage floor: pgbench -c {options.Concurrency} for {options.Duration.TotalSeconds:0} s");
        using var process = Process.Start(start)!;
        var reading = process.StandardOutput.ReadToEndAsync();
        var failing = process.StandardError.ReadToEndAsync();
        // pgbench's connections (and their server processes) end with it: read the CPU while
        // they run, from a second after the start to a second before the end.
        var window = options.Duration - TimeSpan.FromSeconds(2);
        var exited = process.WaitForExitAsync();
        CpuMeter? first = null, last = null;
        if (window > TimeSpan.FromSeconds(1) && await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(1))) != exited)
        {
            first = CpuMeter.Read();
            await Task.WhenAny(exited, Task.Delay(window));
            last = exited.IsCompleted ? null : CpuMeter.Read(); // Ended early: its processes are gone.
        }
        var text = await reading;
        var errors = await failing;
        await exited;
        File.Delete(script);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pgbench failed: {errors}");
        }

        var transactions = long.Parse(Transactions().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var latency = double.Parse(Latency().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var tps = double.Parse(Tps().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        // pgbench reports a mean latency only.
        return new LoadResult("storage floor (pgbench)", transactions, 0, TimeSpan.FromSeconds(transactions / tps), [latency])
        {
            Cpu = last is null ? null : first!.Until(last, tps * window.TotalSeconds),
        };
    }

    [GeneratedRegex(@"number of transactions actually processed: (\d+)")]
    private static partial Regex Transactions();

    [GeneratedRegex(@"latency average = ([\d.]+) ms")]
    private static partial Regex Latency();

    [GeneratedRegex(@"tps = ([\d.]+)")]
    private static partial Regex Tps();
}
