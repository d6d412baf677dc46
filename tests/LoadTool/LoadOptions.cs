using System.Globalization;

namespace Ecommerce.LoadTool;

/// <summary>What to run: see <see cref="Usage"/>.</summary>
public sealed record LoadOptions
{
    public Uri Url { get; init; } = new("http://127.0.0.1:5000/");
    public string Scenario { get; init; } = "mix";
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    // The tool is a fresh process each run: in its first seconds the runtime recompiles its hot
    // code (tiered JIT), a pause of its own that a shorter warm-up put inside the measured run.
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);
    public int Concurrency { get; init; } = 32;
    public int? Rate { get; init; }
    public string Client { get; init; } = "dotnet";
    public bool Soak { get; init; }
    public TimeSpan SoakInterval { get; init; } = TimeSpan.FromMinutes(1);
    public int Customers { get; init; } = 200;
    public bool Floors { get; init; }
    public string? Postgres { get; init; }
    public Uri? Simulators { get; init; } = new("http://127.0.0.1:5100/");
    public bool Quiet { get; init; }
    public int Carts { get; init; } = 100_000;
    public Uri Silo { get; init; } = new("http://127.0.0.1:5200/");
    public string Operator { get; init; } = "operator:operator-dev-password";
    public int Buyers { get; init; } = 2000;
    public int Stock { get; init; } = 200;
    public int? SeedProducts { get; init; }
    public int? SeedOrders { get; init; }
    public Uri? SmallUrl { get; init; }
    public string? SmallPostgres { get; init; }
    public Uri? SmallSimulators { get; init; }
    public int SmallProducts { get; init; } = 1_000;
    public int SmallOrders { get; init; } = 10_000;
    public int Rounds { get; init; } = 3;
    public IReadOnlyList<double>? Overload { get; init; }
    public int MostUnanswered { get; init; } = 10_000;

    public const string Usage = """
        Ecommerce load tool: drives the API started by deploy/local/run.sh.
          --scenario read|list|cart|checkout|mix|live   (mix: browse 80 %, cart 15 %, checkout 5 %)
          --scenario seed     only grows the shop (--postgres) to --seed-products N and --seed-orders N
          --scenario spread   reads by sku spread evenly over the catalog's SKU-00001 to --seed-products N
                              (with --postgres, the shop is first grown to N products; see scale)
          --scenario scale    two shops of the same build, a small one (--small-url, --small-postgres,
                              --small-simulators) and a large one (--url, --postgres, --simulators), grown
                              to --small-products (1000) / --small-orders (10000) and --seed-products N /
                              --seed-orders N with the rows their grains write; then each listing, the read
                              by sku, the cart write and the checkout, sent by wrk to one shop and then the
                              other for --rounds R (3) rounds; prints each one's medians and large/small
          --scenario activate  memory per idle cart: activates --carts N carts (default 100000)
                              with one line each and reads the silo's heap after a full GC
                              (--silo URL, default http://127.0.0.1:5200/; --operator user:password)
          --scenario hotsku    --buyers N (default 2000) distinct customers check out one unit of one
                              fresh product at once, --stock S (default 200) in stock; prints the
                              confirmed and refused counts, the stock left and the answers' p99
          --duration S        seconds measured (default 20), after --warmup S (default 10: the
                              tool's own code is recompiled by the runtime in its first seconds)
          --concurrency N     requests in flight, flat out (default 32)
          --rate R            instead: R requests/s on a fixed schedule; latency counts from the
                              scheduled start, so a stall shows (no coordinated omission)
          --overload M,M,...  open loop at multiples of the saturating rate (e.g. 0.5,1,2,4), which is
                              measured first (--concurrency N flat out); each multiple for --duration,
                              then half the rate again, timing the recovery; prints the admitted and
                              refused (503) rates, the admitted p50/p99 and the refused p50/p99, the
                              share of 503s the API answered within 10 ms and the silo's working set
                              (both from --silo's /metrics)
          --most-unanswered N with --overload: arrivals finding N requests unanswered are dropped,
                              not sent (default 10000; each holds a connection)
          --customers N       distinct customers (default 200)
          --soak              a long run at --rate R (e.g. --duration 600 at half the saturating
                              rate): p99 and the silo's heap after a full GC each minute (--silo,
                              --operator), passing when the last minute is within 10 % of minute 2
          --client dotnet|wrk who sends the requests: the .NET HttpClient (default), or wrk, a C client
                              that costs the machine a fraction of the .NET client's CPU; wrk runs
                              live, read, list and cart flat out (apt-get install wrk)
          --floors            also measure the HTTP floor (/health/live, same client and concurrency)
          --silo URL          the silo's operator port, where every run reads its GC pauses from
                              /metrics (default http://127.0.0.1:5200/; --operator user:password,
                              default the development credential)
          --postgres CONN     also measure the storage floor with pgbench: the grain-state write
                              a cart update does, same payload size and concurrency
          --simulators URL    the simulators, whose stock is raised for the run (default
                              http://127.0.0.1:5100/; "none" leaves stock alone)
          --url URL           the API (default http://127.0.0.1:5000/)
          --seed-products N   grow the shop (--postgres) to N products: its grain state rows, made in SQL
          --seed-orders N     and N confirmed orders (10 per customer), copies of one it has
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--url" => options with { Url = new Uri(Next()) },
                "--scenario" => options with { Scenario = Next() },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--concurrency" => options with { Concurrency = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--rate" => options with { Rate = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--client" => options with { Client = Next() },
                "--soak" => options with { Soak = true },
                "--soak-interval" => options with { SoakInterval = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--customers" => options with { Customers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--floors" => options with { Floors = true },
                "--postgres" => options with { Postgres = Next() },
                "--simulators" => options with { Simulators = Next() is var url && url == "none" ? null : new Uri(url) },
                "--quiet" => options with { Quiet = true },
                "--carts" => options with { Carts = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--silo" => options with { Silo = new Uri(Next()) },
                "--operator" => options with { Operator = Next() },
                "--buyers" => options with { Buyers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--stock" => options with { Stock = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed-products" => options with { SeedProducts = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed-orders" => options with { SeedOrders = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--small-url" => options with { SmallUrl = new Uri(Next()) },
                "--small-postgres" => options with { SmallPostgres = Next() },
                "--small-simulators" => options with { SmallSimulators = new Uri(Next()) },
                "--small-products" => options with { SmallProducts = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--small-orders" => options with { SmallOrders = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--rounds" => options with { Rounds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--overload" => options with { Overload = [.. Next().Split(',').Select(m => double.Parse(m, CultureInfo.InvariantCulture))] },
                "--most-unanswered" => options with { MostUnanswered = int.Parse(Next(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        if (options.Scenario is not ("read" or "list" or "cart" or "checkout" or "mix" or "live" or "activate" or "hotsku" or "spread" or "scale" or "seed"))
        {
            throw new ArgumentException($"Unknown scenario {options.Scenario}.");
        }
        if (options.Client is not ("dotnet" or "wrk"))
        {
            throw new ArgumentException($"Unknown client {options.Client}.");
        }
        if (options.Scenario == "seed" && (options.Postgres is null || (options.SeedProducts ?? options.SeedOrders) is null))
        {
            throw new ArgumentException("--scenario seed needs --postgres and --seed-products or --seed-orders.");
        }
        if (options.Scenario == "spread" && options.SeedProducts is null)
        {
            throw new ArgumentException("--scenario spread reads over --seed-products N skus.");
        }
        if (options.Scenario == "scale" && (options.SmallUrl is null || options.SmallPostgres is null || options.Postgres is null
            || options.SeedProducts is null || options.SeedOrders is null))
        {
            throw new ArgumentException("--scenario scale needs --small-url, --small-postgres, --postgres, --seed-products and --seed-orders.");
        }
        if (options.Client == "wrk" && !WrkClient.Scenarios.Contains(options.Scenario))
        {
            throw new ArgumentException($"--client wrk runs {string.Join(", ", WrkClient.Scenarios)}: {options.Scenario} needs the .NET client.");
        }
        if (options.Soak && (options.Rate is null || options.Client != "dotnet"))
        {
            throw new ArgumentException("--soak runs at a fixed --rate with the .NET client.");
        }
        if (options.Overload is not null && (options.Client != "dotnet" || options.Scenario is not ("read" or "list" or "cart" or "checkout" or "mix")))
        {
            throw new ArgumentException("--overload runs read, list, cart, checkout or mix with the .NET client (an open loop, which wrk cannot keep).");
        }
        if (options.Client == "wrk" && options.Rate is not null)
        {
            throw new ArgumentException("--rate needs the .NET client: wrk has no open loop (a connection sends its next request when the last is answered), so it cannot keep a schedule.");
        }
        return options;
    }
}
