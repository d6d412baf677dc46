using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ecommerce.LoadTool;

/// <summary>The shop as the load sees it: skus to browse and signed-in customers to buy with.</summary>
internal sealed class Shop(HttpClient http, IReadOnlyList<string> skus, IReadOnlyList<AuthenticationHeaderValue> customers, int catalogSize)
{
    private static readonly object Address = new
    {
        email = "load@shop.example",
        shippingAddress = new { name = "Load", line1 = "1 Test Road", city = "Bench", postalCode = "1000", country = "NL" },
    };

    /// <summary>The products a customer's cart draws on: carts of the cart scenario fill up to this many lines.</summary>
    public const int CartShelf = 8;

    public IReadOnlyList<string> Skus => skus;

    public IReadOnlyList<AuthenticationHeaderValue> Customers => customers;

    /// <summary>The skus the spread scenario reads evenly: 1 to this (<see cref="ShopSeeder.Sku"/>).</summary>
    public int CatalogSize => catalogSize;

    // The bodies of cart writes, serialized once: the load tool shares the machine it measures.
    private static readonly byte[][] QuantityBodies =
        [.. Enumerable.Range(1, 3).Select(q => JsonSerializer.SerializeToUtf8Bytes(new { quantity = q }))];

    /// <param name="catalogSize">For the spread scenario: the catalog's size, as seeded (--seed-products).</param>
    public static async Task<Shop> OpenAsync(HttpClient http, int customers, Uri? simulators, int catalogSize = 0)
    {
        var page = await http.GetFromJsonAsync<JsonElement>("api/products?pageSize=100");
        var skus = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!).ToList();
        if (skus.Count == 0)
        {
            throw new InvalidOperationException("The catalog is empty: start the system with deploy/local/run.sh first.");
        }
        if (simulators is not null)
        {
            // Checkouts buy from the shelf: give it stock that the run cannot exhaust.
            using var control = new HttpClient { BaseAddress = simulators };
            foreach (var sku in skus.Take(CartShelf))
            {
                (await control.PutAsJsonAsync($"control/stock/{sku}", new { available = 1_000_000_000 })).EnsureSuccessStatusCode();
            }
        }
        var run = Guid.NewGuid().ToString("N")[..8];
        var tokens = new AuthenticationHeaderValue[customers];
        await Parallel.ForEachAsync(Enumerable.Range(0, customers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            tokens[i] = await SignIn.TokenAsync(http, $"load-{run}-{i}", cancellationToken: ct);
        });
        return new Shop(http, skus, tokens, catalogSize);
    }

    /// <summary>One operation of the scenario; its final HTTP status, 0 if no answer came.</summary>
    public Task<int> RunAsync(string scenario, Random random) => scenario switch
    {
        "live" => SendAsync(new HttpRequestMessage(HttpMethod.Get, "health/live")),
        "read" => SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/products/{Pick(skus, random)}")),
        "spread" => SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/products/{ShopSeeder.Sku(random.Next(1, catalogSize + 1))}")),
        "list" => SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/products?page={random.Next(1, 11)}&pageSize=20")),
        "cart" => CartAsync(random),
        "checkout" => CheckoutAsync(random),
        _ => random.Next(100) switch
        {
            < 40 => RunAsync("read", random),
            < 80 => RunAsync("list", random),
            < 95 => CartAsync(random),
            _ => CheckoutAsync(random),
        },
    };

    private Task<int> CartAsync(Random random) =>
        SendAsync(CartRequest(Pick(customers, random), random));

    private async Task<int> CheckoutAsync(Random random)
    {
        var customer = Pick(customers, random);
        if (await SendAsync(CartRequest(customer, random)) is not 200 and var failed)
        {
            return failed;
        }
        var checkout = new HttpRequestMessage(HttpMethod.Post, "api/checkout") { Content = JsonContent.Create(Address) };
        checkout.Headers.Authorization = customer;
        checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return await SendAsync(checkout);
    }

    private HttpRequestMessage CartRequest(AuthenticationHeaderValue customer, Random random)
    {
        // A customer's cart draws on a shelf of a few products, as real carts do: the cart
        // keeps to a handful of lines, far from the 50-line limit.
        var request = new HttpRequestMessage(HttpMethod.Put, $"api/cart/items/{skus[random.Next(Math.Min(CartShelf, skus.Count))]}")
        {
            Content = new ByteArrayContent(QuantityBodies[random.Next(QuantityBodies.Length)])
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };
        request.Headers.Authorization = customer;
        return request;
    }

    private async Task<int> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            try
            {
                // The body is read, as a client would; its transfer is part of the latency.
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                return (int)response.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return 0;
            }
        }
    }

    private static T Pick<T>(IReadOnlyList<T> items, Random random) => items[random.Next(items.Count)];
}
