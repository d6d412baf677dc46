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

    public static Task<LoadResult> MeasureAsync(string name, string scenario, Shop shop, LoadOptions options, TextWriter output) =>
        MeasureAsync(name, Requests(scenario, shop, options.Url), options, output);

    /// <summary>Runs wrk with <paramref name="requests"/> (after the warm-up) and reads its figures and the CPU it cost.</summary>
    public static async Task<LoadResult> MeasureAsync(string name, WrkRequests requests, LoadOptions options, TextWriter output)
    {
        var script = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(script, Script(requests, Threads(options)));
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
            var sent = (long)figures[0];
            // wrk keeps a histogram, not each latency: its percentiles 1 to 100 stand in for the
            // latencies, and LoadResult's percentile of those 100 is wrk's own p50, p90, p99 and max.
            // wrk 4.1 corrects that histogram for coordinated omission (an answer slower than twice
            // the mean adds the samples of the requests it held up), so its tail can read higher
            // than the .NET client's in the same closed loop.
            return new LoadResult(name, sent, (long)figures[2], TimeSpan.FromMicroseconds(figures[1]),
                [.. figures[3..].Select(us => us / 1000)])
            {
                Cpu = cpu.Until(cpuAfter!, sent),
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
            ["-t", Threads(options).ToString(CultureInfo.InvariantCulture), "-c", options.Concurrency.ToString(CultureInfo.InvariantCulture),
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

    private static int Threads(LoadOptions options) => options.Concurrency % 2 == 0 ? 2 : 1;

    /// <summary>The requests of a scenario: those the .NET client sends, resolved as it resolves them.</summary>
    private static WrkRequests Requests(string scenario, Shop shop, Uri url) => scenario switch
    {
        "live" => WrkRequests.Get(url, ["health/live"]),
        "read" => WrkRequests.Get(url, shop.Skus.Select(sku => $"api/products/{sku}")),
        "list" => WrkRequests.Get(url, Enumerable.Range(1, 10).Select(page => $"api/products?page={page}&pageSize=20")),
        "cart" => WrkRequests.CartWrites(url, shop.Skus.Take(Shop.CartShelf), shop.Customers.Select(c => c.Parameter!)),
        _ => throw new ArgumentException($"--client wrk does not run {scenario}."),
    };

    private static string Script(WrkRequests requests, int threads) => $$"""
        -- The load tool's requests for wrk.
        local prepared = {}
        local threads = 0
        local thread_count = {{threads}}
        local sent = 0
        {{requests.Data}}

        function setup(thread)
            threads = threads + 1
            thread:set("seed", threads)
        end

        function init(args)
            math.randomseed(seed)
        {{requests.Build}}
        end

        -- Each prepared request in turn, for requests that must not repeat (a checkout empties its cart).
        local function in_turn()
            sent = sent % #prepared + 1
            return prepared[sent]
        end

        function request()
            return {{requests.Pick}}
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

/// <summary>
/// What wrk sends, as Lua: <see cref="Data"/> at the top of the script, <see cref="Build"/> in
/// each thread's init (it fills <c>prepared</c>; <c>seed</c> is the thread's number from 1,
/// <c>thread_count</c> how many there are), and <see cref="Pick"/>, what each request() returns.
/// </summary>
internal sealed record WrkRequests(string Data, string Build, string Pick = "prepared[math.random(#prepared)]")
{
    /// <summary>GETs of these paths, picked at random; with tokens, each path once per token, signed in.</summary>
    public static WrkRequests Get(Uri url, IEnumerable<string> paths, IEnumerable<string>? tokens = null) => new(
        $"local paths = {{ {Lua(paths.Select(p => new Uri(url, p).PathAndQuery))} }}\nlocal tokens = {{ {Lua(tokens ?? [])} }}",
        """
            if #tokens == 0 then
                for _, path in ipairs(paths) do
                    prepared[#prepared + 1] = wrk.format("GET", path)
                end
            end
            for _, token in ipairs(tokens) do
                for _, path in ipairs(paths) do
                    prepared[#prepared + 1] = wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
                end
            end
        """);

    /// <summary>Cart writes: each customer sets a quantity of 1 to 3 of one of these skus, at random.</summary>
    public static WrkRequests CartWrites(Uri url, IEnumerable<string> skus, IEnumerable<string> tokens) => new(
        $"local paths = {{ {Lua(skus.Select(sku => new Uri(url, $"api/cart/items/{sku}").PathAndQuery))} }}\nlocal tokens = {{ {Lua(tokens)} }}",
        """
            for _, token in ipairs(tokens) do
                for _, path in ipairs(paths) do
                    for quantity = 1, 3 do
                        local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
                        prepared[#prepared + 1] = wrk.format("PUT", path, headers, '{"quantity":' .. quantity .. '}')
                    end
                end
            end
        """);

    /// <summary>
    /// One checkout per customer, each with a key of its own (<paramref name="run"/> and the
    /// customer's place), sent in turn and never twice in a run unless the customers run out; the
    /// threads share the customers out.
    /// </summary>
    public static WrkRequests Checkouts(Uri url, string run, IEnumerable<string> tokens, string body) => new(
        $"local path = \"{new Uri(url, "api/checkout").PathAndQuery}\"\nlocal tokens = {{ {Lua(tokens)} }}\nlocal body = [[{body}]]",
        $$"""
            for i = seed, #tokens, thread_count do
                local headers = { ["Authorization"] = "Bearer " .. tokens[i], ["Content-Type"] = "application/json",
                                  ["Idempotency-Key"] = "{{run}}-" .. i }
                prepared[#prepared + 1] = wrk.format("POST", path, headers, body)
            end
        """,
        "in_turn()");

    /// <summary>Reads of products spread evenly over the catalog's skus 1 to <paramref name="products"/> (<see cref="ShopSeeder.Sku"/>).</summary>
    public static WrkRequests SpreadReads(Uri url, int products) => new(
        $"local prefix = \"{new Uri(url, "api/products/SKU-").PathAndQuery}\"",
        "",
        $"wrk.format(\"GET\", prefix .. string.format(\"%05d\", math.random({products})))");

    // Lua strings: a path as Uri escapes it and a JWT hold no quote or backslash.
    private static string Lua(IEnumerable<string> texts) => string.Join(", ", texts.Select(t => $"\"{t}\""));
}
