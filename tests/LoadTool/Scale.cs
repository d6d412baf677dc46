using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ecommerce.LoadTool;

/// <summary>One request of the scale benchmark: its medians on the small shop and on the large one.</summary>
public sealed record ScaleRow(string Request, double SmallP50, double LargeP50, double SmallRate, double LargeRate)
{
    public double Ratio => LargeP50 / SmallP50;
}

/// <summary>
/// The scale benchmark (<c>--scenario scale</c>): two shops of the same build, a small one and a
/// large one, grown by <see cref="ShopSeeder"/> to their sizes; then each listing, the read by
/// sku, the cart write and the checkout, sent by wrk to one shop and right after to the other,
/// round after round (the order swapped each round), so that both meet the same machine. Each
/// request's median over the rounds of its runs' p50, and large / small.
/// </summary>
public static class Scale
{
    /// <summary>Customers signed in for "my orders", spread over the seeded ones.</summary>
    private const int Listers = 100;

    /// <summary>Carts filled before each checkout run, one checkout each: more than a run sends (a checkout run lasts at most <see cref="CheckoutRun"/>).</summary>
    private const int Buyers = 8_000;

    private static readonly TimeSpan CheckoutRun = TimeSpan.FromSeconds(5);

    private static readonly object Address = new
    {
        email = "scale@shop.example",
        shippingAddress = new { name = "Scale", line1 = "1 Test Road", city = "Bench", postalCode = "1000", country = "NL" },
    };

    public static async Task<IReadOnlyList<ScaleRow>> RunAsync(LoadOptions options, TextWriter output)
    {
        var small = await SideAsync("small", options with { Url = options.SmallUrl!, Postgres = options.SmallPostgres, Simulators = options.SmallSimulators },
            options.SmallProducts, options.SmallOrders, output);
        var large = await SideAsync("large", options, options.SeedProducts!.Value, options.SeedOrders!.Value, output);
        try
        {
            var results = new Dictionary<(string, string), List<LoadResult>>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                output.WriteLine($"round {round} of {options.Rounds}, {LoadAverage()}");
                foreach (var request in Side.Requests)
                {
                    foreach (var side in round % 2 == 1 ? [small, large] : new[] { large, small })
                    {
                        var result = await side.MeasureAsync(request, round, options);
                        results.TryAdd((request, side.Label), []);
                        results[(request, side.Label)].Add(result);
                        output.WriteLine($"  {side.Label,-5} {result}");
                    }
                }
            }

            var rows = Side.Requests.Select(r => new ScaleRow(r,
                Median(results[(r, "small")].Select(x => x.Percentile(50))), Median(results[(r, "large")].Select(x => x.Percentile(50))),
                Median(results[(r, "small")].Select(x => x.RequestsPerSecond)), Median(results[(r, "large")].Select(x => x.RequestsPerSecond)))).ToList();
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"small: {small.Products:N0} products, {small.Orders:N0} orders; large: {large.Products:N0} products, {large.Orders:N0} orders; " +
                $"wrk, {options.Concurrency} connections, {options.Duration.TotalSeconds:0} s runs, medians of {options.Rounds} rounds; {LoadAverage()}"));
            output.WriteLine($"{"request",-28} {"small p50 ms",13} {"large p50 ms",13} {"large/small",12} {"small req/s",12} {"large req/s",12}");
            foreach (var row in rows)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Request,-28} {row.SmallP50,13:0.00} {row.LargeP50,13:0.00} {row.Ratio,12:0.00} {row.SmallRate,12:0} {row.LargeRate,12:0}"));
            }
            return rows;
        }
        finally
        {
            small.Dispose();
            large.Dispose();
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        OperatingSystem.IsLinux() ? $"load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}" : "";

    private static async Task<Side> SideAsync(string label, LoadOptions options, int products, int orders, TextWriter output)
    {
        var http = LoadRunner.CreateClient(options);
        var shop = await Shop.OpenAsync(http, options.Customers, options.Simulators, products);
        await ShopSeeder.SeedAsync(options, shop, products, orders, output);
        var admin = await SignIn.TokenAsync(http, "scale-admin", admin: true);
        var listers = new string[Listers];
        var buyers = new AuthenticationHeaderValue[Buyers];
        var run = Guid.NewGuid().ToString("N")[..8];
        await Parallel.ForEachAsync(Enumerable.Range(0, Buyers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            buyers[i] = await SignIn.TokenAsync(http, $"scale-buyer-{run}-{i}", cancellationToken: ct);
            if (i < Listers)
            {
                // Customers spread over the seeded ones, each with its orders.
                listers[i] = (await SignIn.TokenAsync(http, ShopSeeder.Customer((int)((long)i * ShopSeeder.Customers(orders) / Listers)), cancellationToken: ct)).Parameter!;
            }
        });
        var deep = await DeepCursorAsync(http, products, output);
        return new Side(label, http, shop, products, orders, admin.Parameter!, listers, buyers, deep);
    }

    /// <summary>
    /// The next cursor of the page that ends halfway through the catalog: a page by number up to
    /// the first 10,000 products, then each page's next cursor, 100 products at a time.
    /// </summary>
    private static async Task<string> DeepCursorAsync(HttpClient http, int products, TextWriter output)
    {
        var target = Math.Max(100, products / 2);
        var started = DateTime.UtcNow;
        var page = await http.GetFromJsonAsync<JsonElement>($"api/products?page={Math.Min(target, 10_000) / 100}&pageSize=100");
        for (var reached = Math.Min(target, 10_000); reached < target; reached += 100)
        {
            page = await http.GetFromJsonAsync<JsonElement>($"api/products?cursor={page.GetProperty("next").GetString()}&pageSize=100");
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  a cursor {target:N0} products in ({(DateTime.UtcNow - started).TotalSeconds:0} s)"));
        return page.GetProperty("next").GetString()!;
    }

    private sealed class Side(string label, HttpClient http, Shop shop, int products, int orders, string admin,
        string[] listers, AuthenticationHeaderValue[] buyers, string deep) : IDisposable
    {
        public static readonly string[] Requests =
        [
            "products, first page", "products, category", "products, search", "products, deep cursor",
            "my orders", "admin orders", "admin orders, status", "read by sku", "cart write", "checkout",
        ];

        public string Label => label;
        public int Products => products;
        public int Orders => orders;

        public async Task<LoadResult> MeasureAsync(string request, int round, LoadOptions options)
        {
            var url = http.BaseAddress!;
            options = options with { Url = url };
            var requests = request switch
            {
                "products, first page" => WrkRequests.Get(url, ["api/products?pageSize=20"]),
                "products, category" => WrkRequests.Get(url, ["api/products?category=kitchen&pageSize=20"]),
                "products, search" => WrkRequests.Get(url, ["api/products?search=mug&pageSize=20"]),
                "products, deep cursor" => WrkRequests.Get(url, [$"api/products?cursor={deep}&pageSize=20"]),
                "my orders" => WrkRequests.Get(url, ["api/orders?pageSize=20"], listers),
                "admin orders" => WrkRequests.Get(url, ["api/admin/orders?pageSize=20"], [admin]),
                "admin orders, status" => WrkRequests.Get(url, ["api/admin/orders?status=Confirmed&pageSize=20"], [admin]),
                "read by sku" => WrkRequests.SpreadReads(url, products),
                "cart write" => WrkRequests.CartWrites(url, shop.Skus.Take(Shop.CartShelf), shop.Customers.Select(c => c.Parameter!)),
                "checkout" => await CheckoutsAsync(url, round),
                _ => throw new ArgumentException(request),
            };
            // Checkouts are not warmed up, and run shorter: each takes a cart filled for it, and the runs before warmed the rest.
            var result = await WrkClient.MeasureAsync(request, requests,
                request == "checkout" ? options with { Warmup = TimeSpan.Zero, Duration = options.Duration < CheckoutRun ? options.Duration : CheckoutRun } : options,
                TextWriter.Null);
            if (request == "checkout" && result.Requests >= Buyers)
            {
                Console.Error.WriteLine($"{label}: {result.Requests} checkouts, more than the {Buyers} carts filled: some were replays.");
            }
            return result;
        }

        /// <summary>Every buyer's cart holds one line again; each checks out once, with a key of this round.</summary>
        private async Task<WrkRequests> CheckoutsAsync(Uri url, int round)
        {
            await Parallel.ForEachAsync(buyers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (buyer, ct) =>
            {
                using var put = new HttpRequestMessage(HttpMethod.Put, $"api/cart/items/{shop.Skus[0]}") { Content = JsonContent.Create(new { quantity = 1 }) };
                put.Headers.Authorization = buyer;
                using var answer = await http.SendAsync(put, ct);
                answer.EnsureSuccessStatusCode();
            });
            return WrkRequests.Checkouts(url, $"scale-{Guid.NewGuid():N}-{round}", buyers.Select(b => b.Parameter!), JsonSerializer.Serialize(Address));
        }

        public void Dispose() => http.Dispose();
    }
}
