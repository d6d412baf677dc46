using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Drills;

/// <summary>
/// Customers who keep writing their carts and customers who keep checking out, recording
/// every answer, so that a drill can check afterwards that nothing acknowledged was lost.
/// </summary>
internal sealed class ShopLoad(ProcessCluster cluster, IReadOnlyList<string> skus)
{
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly List<Writer> _writers = [];
    private readonly List<Buyer> _buyers = [];

    public IReadOnlyCollection<Answer> Answers => _answers;

    public IReadOnlyList<string> Skus => skus;

    /// <summary>Cart writes the shop answered 200, each checked afterwards.</summary>
    public int AcknowledgedCartWrites => _writers.Sum(w => w.Writes);

    /// <summary>Orders the shop answered 201 (confirmed), each checked afterwards.</summary>
    public int AcknowledgedOrders => _buyers.Sum(b => b.Orders.Count(o => o.Status == 201));

    public async Task RunAsync(int writers, int buyers, CancellationToken stop)
    {
        for (var i = 0; i < writers; i++)
        {
            _writers.Add(new Writer(await cluster.SignedInAsync($"writer-{i}-{Guid.NewGuid():N}")));
        }
        for (var i = 0; i < buyers; i++)
        {
            _buyers.Add(new Buyer(await cluster.SignedInAsync($"buyer-{i}-{Guid.NewGuid():N}")));
        }
        await Task.WhenAll(_writers.Select(w => WriteAsync(w, stop)).Concat(_buyers.Select(b => BuyAsync(b, stop))));
    }

    /// <summary>Every cart line acknowledged is there, at its acknowledged quantity or a later one.</summary>
    public async Task AssertNoAcknowledgedCartWriteLostAsync()
    {
        foreach (var writer in _writers)
        {
            var cart = await Poll.ForAsync(() => writer.Client.GetFromJsonAsync<JsonElement>("/api/cart"), _ => true,
                "the writer's cart can be read", TimeSpan.FromSeconds(10));
            var stored = cart.GetProperty("items").EnumerateArray()
                .ToDictionary(i => i.GetProperty("sku").GetString()!, i => i.GetProperty("quantity").GetInt32());
            foreach (var (sku, quantity) in writer.Acknowledged)
            {
                Assert.True(stored.TryGetValue(sku, out var actual) && actual >= quantity,
                    $"An acknowledged write of {sku} x{quantity} was lost (stored: {(stored.TryGetValue(sku, out var a) ? a : 0)}).");
            }
        }
    }

    /// <summary>Every order that a checkout started ends Confirmed or Failed; every 201 is Confirmed.</summary>
    public async Task<int> AssertEveryOrderSettlesAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var count = 0;
        foreach (var buyer in _buyers)
        {
            foreach (var (orderId, status) in buyer.Orders)
            {
                var settled = (await Poll.ForAsync(() => buyer.Client.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}"),
                    o => o.GetProperty("status").GetString() != "Pending", $"order {orderId} (answered {status}) settles",
                    deadline - DateTime.UtcNow)).GetProperty("status").GetString();
                if (status == 201)
                {
                    Assert.Equal("Confirmed", settled);
                }
                count++;
            }
        }
        return count;
    }

    public string Summary(DateTime? incident = null)
    {
        var answers = _answers.ToList();
        var failures = answers.Where(a => !a.Succeeded).ToList();
        // Recovered when the last failing request had its answer.
        var recovery = incident is not { } at ? ""
            : $"recovered {(failures.Any(f => f.At + f.Took >= at) ? (failures.Where(f => f.At + f.Took >= at).Max(f => f.At + f.Took) - at).TotalSeconds : 0):0.0} s after the incident, ";
        return $"requests {answers.Count}, failures {failures.Count} ({100.0 * failures.Count / Math.Max(1, answers.Count):0.00} %), " +
               $"slowest {answers.Max(a => a.Took.TotalSeconds):0.00} s, {recovery}" +
               $"failure statuses [{string.Join(", ", failures.GroupBy(f => f.Status).Select(g => $"{g.Key} x{g.Count()}"))}]";
    }

    private async Task WriteAsync(Writer writer, CancellationToken stop)
    {
        var quantities = skus.ToDictionary(s => s, _ => 0);
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            var sku = skus[round % skus.Count];
            var quantity = quantities[sku] = Math.Min(99, quantities[sku] + 1);
            var (status, _) = await SendAsync(writer.Client, HttpMethod.Put, $"/api/cart/items/{sku}", new { quantity });
            if (status == 200)
            {
                writer.Acknowledged[sku] = quantity;
                writer.Writes++;
            }
            await Task.Delay(20, CancellationToken.None);
        }
    }

    private async Task BuyAsync(Buyer buyer, CancellationToken stop)
    {
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            await SendAsync(buyer.Client, HttpMethod.Put, $"/api/cart/items/{skus[round % skus.Count]}", new { quantity = 1 });
            var (status, body) = await SendAsync(buyer.Client, HttpMethod.Post, "/api/checkout",
                new { email = "drill@shop.example", shippingAddress = new { name = "D", line1 = "1 Road", city = "Town", postalCode = "1", country = "NL" } },
                idempotencyKey: Guid.NewGuid().ToString("N"), checkout: true);
            var orderId = body is { } b && (b.TryGetProperty("id", out var id) || b.TryGetProperty("orderId", out id)) ? id.GetString() : null;
            if (orderId is not null)
            {
                buyer.Orders.Add((orderId, status));
            }
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private async Task<(int Status, JsonElement? Body)> SendAsync(HttpClient client, HttpMethod method, string path, object body,
        string? idempotencyKey = null, bool checkout = false)
    {
        var started = Stopwatch.GetTimestamp();
        var at = DateTime.UtcNow;
        int status;
        var retryAfter = false;
        JsonElement? json = null;
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }
            using var response = await client.SendAsync(request);
            status = (int)response.StatusCode;
            retryAfter = response.Headers.RetryAfter is not null;
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
            {
                json = await response.Content.ReadFromJsonAsync<JsonElement>();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            status = 0;
        }
        _answers.Enqueue(new Answer(at, status, Stopwatch.GetElapsedTime(started), checkout, retryAfter));
        return (status, json);
    }

    internal sealed record Answer(DateTime At, int Status, TimeSpan Took, bool Checkout, bool RetryAfter)
    {
        /// <summary>Anything but a server error or a broken connection; 4xx answers are the client's own doing.</summary>
        public bool Succeeded => Status is >= 200 and < 500;
    }

    private sealed record Writer(HttpClient Client)
    {
        public ConcurrentDictionary<string, int> Acknowledged { get; } = new();
        public int Writes { get; set; }
    }

    private sealed record Buyer(HttpClient Client)
    {
        public ConcurrentBag<(string OrderId, int Status)> Orders { get; } = [];
    }
}
