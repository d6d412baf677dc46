using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ecommerce.LoadTool;

/// <summary>What the hot-sku run came to.</summary>
public sealed record HotSkuResult(int Buyers, int Stock, int Confirmed, int Refused, int Unavailable, IReadOnlyDictionary<int, int> Others,
    int Available, int Reserved, double P50Ms, double P99Ms, double MaxMs);

/// <summary>
/// The hot sku: --buyers distinct customers each put one unit of one fresh product in their cart
/// and check out at the same moment, with --stock units in stock. Every checkout is answered 201,
/// 409 (sold out) or, past the host's admission, 503 with Retry-After at once; the orders
/// confirmed are exactly the units sold, and nothing is left reserved.
/// </summary>
public static class HotSku
{
    public static async Task<HotSkuResult> RunAsync(LoadOptions options, TextWriter output)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = options.Url, Timeout = TimeSpan.FromMinutes(2) };
        var simulators = options.Simulators ?? throw new ArgumentException("The hot sku needs --simulators to set its stock.");
        using var control = new HttpClient { BaseAddress = simulators };
        var run = Guid.NewGuid().ToString("N")[..8];
        var sku = $"HOT-{run}";

        var admin = await SignIn.TokenAsync(http, $"hot-admin-{run}", admin: true);
        using (var create = new HttpRequestMessage(HttpMethod.Post, "api/products")
        {
            Content = JsonContent.Create(new { sku, name = "The hot one", description = "", category = "hot", price = new { amount = 10m, currency = "USD" } }),
        })
        {
            create.Headers.Authorization = admin;
            (await http.SendAsync(create)).EnsureSuccessStatusCode();
        }
        (await control.PutAsJsonAsync($"control/stock/{sku}", new { available = options.Stock })).EnsureSuccessStatusCode();

        var buyers = new AuthenticationHeaderValue[options.Buyers];
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Buyers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            buyers[i] = await SignIn.TokenAsync(http, $"hot-{run}-{i}", admin: false, ct);
            using var add = new HttpRequestMessage(HttpMethod.Put, $"api/cart/items/{sku}") { Content = JsonContent.Create(new { quantity = 1 }) };
            add.Headers.Authorization = buyers[i];
            (await http.SendAsync(add, ct)).EnsureSuccessStatusCode();
        });
        if (!options.Quiet)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{options.Buyers} buyers ready, {options.Stock} in stock; checking out at once"));
        }

        var answers = await Task.WhenAll(buyers.Select(async buyer =>
        {
            using var checkout = new HttpRequestMessage(HttpMethod.Post, "api/checkout")
            {
                Content = JsonContent.Create(new
                {
                    email = "hot@shop.example",
                    shippingAddress = new { name = "Hot", line1 = "1 Rush Lane", city = "Bench", postalCode = "1000", country = "NL" },
                }),
            };
            checkout.Headers.Authorization = buyer;
            checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(checkout);
            // A 503 without Retry-After would not say when to come back: counted among the others.
            var status = response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is null ? -503 : (int)response.StatusCode;
            return (status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }));

        var stock = await control.GetFromJsonAsync<JsonElement>($"control/stock/{sku}");
        var latencies = answers.Select(a => a.Item2).Order().ToArray();
        var result = new HotSkuResult(options.Buyers, options.Stock,
            answers.Count(a => a.Item1 == (int)HttpStatusCode.Created),
            answers.Count(a => a.Item1 == (int)HttpStatusCode.Conflict),
            answers.Count(a => a.Item1 == (int)HttpStatusCode.ServiceUnavailable),
            answers.Where(a => a.Item1 is not (201 or 409 or 503)).GroupBy(a => a.Item1).ToDictionary(g => g.Key, g => g.Count()),
            stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32(),
            LoadResult.Of(latencies, 50), LoadResult.Of(latencies, 99), latencies[^1]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hotsku: {result.Buyers} buyers, {result.Stock} in stock: {result.Confirmed} confirmed (201), {result.Refused} refused (409), " +
            $"{result.Unavailable} refused at capacity (503 with Retry-After), " +
            $"other answers [{string.Join(", ", result.Others.Select(o => $"{o.Key} x{o.Value}"))}]; stock {result.Available} available, " +
            $"{result.Reserved} reserved; answers p50 {result.P50Ms:0} ms, p99 {result.P99Ms:0} ms, max {result.MaxMs:0} ms"));
        return result;
    }
}
