using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ecommerce.LoadTool;

/// <summary>
/// The single-request scenarios sent by wrk instead of the .NET client: a C client that leaves
/// more of a machine shared with the system to the system (0.014-0.024 ms of CPU a request in
/// the smoke test's runs, loopback TCP included; the .NET client's is 0.03-0.05 ms). wrk runs
/// a Lua script written here with the scenario's requests, built once per thread from the
/// shop's skus and customers, picked at random as <see cref="Shop.RunAsync"/> picks them.
/// </summary>
internal static class WrkClient
{
    public static readonly string[] Scenarios = ["live", "read", "list", "cart"];

    private const string ResultMark = "load-tool-result";

    public static async Task<LoadResult> MeasureAsync(string name, string scenario, Shop shop, LoadOptions options, TextWriter output)
    {
        var script = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(script, Script(scenario, shop, options.Url));
            if (options.Warmup > TimeSpan.Zero)
            {
                await RunAsync(script, options.Warmup, options, whileDone: () => { });
            }
            var cpu = CpuMeter.Read();
            CpuMeter? cpuAfter = null;
            var text = await RunAsync(script, options.Duration, options, whileDone: () => cpuAfter = CpuMeter.Read());
            var lines = text.Split('\n');
            if (!options.Quiet)
            {
                output.Write(string.Join('\n', lines.Where(l => !l.StartsWith(ResultMark, StringComparison.Ordinal))));
            }
            var result = lines.FirstOrDefault(l => l.StartsWith(ResultMark, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"wrk printed no result line:\n{text}");
            // requests, duration, errors, then the latency percentiles 1 to 99 and the maximum, in µs.
            var figures = result[ResultMark.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var requests = (long)figures[0];
            // wrk keeps a histogram, not each latency: its percentiles 1 to 100 stand in for the
            // latencies, and LoadResult's percentile of those 100 is wrk's own p50, p90, p99 and max.
            // wrk 4.1 corrects that histogram for coordinated omission (an answer slower than twice
            // the mean adds the samples of the requests it held up), so its tail can read higher
            // than the .NET client's in the same closed loop.
            return new LoadResult(name, requests, (long)figures[2], TimeSpan.FromMicroseconds(figures[1]),
                [.. figures[3..].Select(us => us / 1000)])
            {
                Cpu = cpu.Until(cpuAfter!, requests),
            };
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>Runs wrk to its end; <paramref name="whileDone"/> runs once it has printed its figures, before it exits.</summary>
    private static async Task<string> RunAsync(string script, TimeSpan duration, LoadOptions options, Action whileDone)
    {
        // wrk gives each thread concurrency / threads connections, and takes whole seconds. Its
        // timeout is the .NET client's: a slower answer counts as an error, not a latency.
        var start = new ProcessStartInfo("wrk",
            ["-t", options.Concurrency % 2 == 0 ? "2" : "1", "-c", options.Concurrency.ToString(CultureInfo.InvariantCulture),
             "-d", $"{Math.Max(1, Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}s", "--timeout", "30s",
             "--latency", "-s", script, options.Url.ToString()])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            throw new InvalidOperationException("--client wrk needs wrk on the PATH (Debian: apt-get install wrk).");
        }
        using (process)
        {
            var failing = process.StandardError.ReadToEndAsync();
            var text = new StringBuilder();
            // wrk prints its figures right after its duration; if they never come, it is waiting
            // in done() for an input that would never close.
            using var deadline = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
            try
            {
                while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
                {
                    text.Append(line).Append('\n');
                    if (line.StartsWith(ResultMark, StringComparison.Ordinal))
                    {
                        whileDone();
                        process.StandardInput.Close(); // The script's done() waits for this to let wrk end.
                    }
                }
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                throw new TimeoutException($"wrk printed no figures in time:\n{text}");
            }
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? text.ToString() : throw new InvalidOperationException($"wrk failed: {await failing}{text}");
        }
    }

    private static string Script(string scenario, Shop shop, Uri url)
    {
        // The paths are those the .NET client sends, resolved as it resolves them.
        IEnumerable<string> paths = scenario switch
        {
            "live" => ["health/live"],
            "read" => shop.Skus.Select(sku => $"api/products/{sku}"),
            "list" => Enumerable.Range(1, 10).Select(page => $"api/products?page={page}&pageSize=20"),
            "cart" => shop.Skus.Take(Shop.CartShelf).Select(sku => $"api/cart/items/{sku}"),
            _ => throw new ArgumentException($"--client wrk does not run {scenario}."),
        };
        var build = scenario == "cart"
            ? """
              for _, token in ipairs(tokens) do
                  for _, path in ipairs(paths) do
                      for quantity = 1, 3 do
                          local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
                          prepared[#prepared + 1] = wrk.format("PUT", path, headers, '{"quantity":' .. quantity .. '}')
                      end
                  end
              end
              """
            : """
              for _, path in ipairs(paths) do
                  prepared[#prepared + 1] = wrk.format("GET", path)
              end
              """;
        return $$"""
            -- The load tool's {{scenario}} scenario for wrk.
            local paths = { {{Lua(paths.Select(p => new Uri(url, p).PathAndQuery))}} }
            local tokens = { {{(scenario == "cart" ? Lua(shop.Customers.Select(c => c.Parameter!)) : "")}} }
            local prepared = {}
            local threads = 0

            function setup(thread)
                threads = threads + 1
                thread:set("seed", threads)
            end

            function init(args)
                math.randomseed(seed)
            {{build}}
            end

            function request()
                return prepared[math.random(#prepared)]
            end

            function done(summary, latency, requests)
                -- Errors: no connection, a broken one, an answer after the timeout, and a status
                -- over 399 (the .NET client lets a 4xx pass; none of these scenarios provokes one).
                local e = summary.errors
                local figures = { summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status }
                for p = 1, 99 do
                    figures[#figures + 1] = latency:percentile(p)
                end
                figures[#figures + 1] = latency.max
                for i, figure in ipairs(figures) do
                    figures[i] = string.format("%.0f", figure)
                end
                io.write("{{ResultMark}} " .. table.concat(figures, " ") .. "\n")
                io.stdout:flush()
                -- A process that has ended is gone from /proc with its CPU: the load tool reads the
                -- CPU now, then closes wrk's input to let it end.
                io.read()
            end
            """;
    }

    // Lua strings: a path as Uri escapes it and a JWT hold no quote or backslash.
    private static string Lua(IEnumerable<string> texts) => string.Join(", ", texts.Select(t => $"\"{t}\""));
}
