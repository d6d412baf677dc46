using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ecommerce.DemoCatalog;

/// <summary>
/// Seeds the demo catalog through the public contract, as an admin would: each product goes
/// through its grain into the read model (<c>POST /api/products</c>), and its stock into the
/// simulated inventory (<c>PUT /control/stock/{sku}</c>). Idempotent: products already
/// listed are not sent again, and one that exists unlisted (discontinued) answers 409, which
/// is fine.
/// </summary>
internal sealed class CatalogSeeder(HttpClient api, HttpClient simulators, TextWriter output)
{
    public const int StockPerProduct = 1000;

    // Requests in flight: enough to keep a silo busy, few enough not to crowd the machine the
    // shop runs on.
    private const int Parallelism = 8;

    // The API's rate limiter answers 429 with Retry-After (1 s at its default rates); ten
    // waits are far more than seeding 1,000 products at the default 100 per second needs.
    private const int Attempts = 10;
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    private readonly Lock _outputLock = new();
    private int _retries;

    public async Task<SeedResult> SeedAsync(int count, CancellationToken cancellationToken = default)
    {
        var products = DemoProducts.First(count);
        var listed = await ListedSkusAsync(products.Select(p => p.Sku).Max(StringComparer.Ordinal) ?? "", cancellationToken);
        var missing = products.Where(p => !listed.Contains(p.Sku)).ToList();
        var created = 0;
        if (missing.Count == 0)
        {
            output.WriteLine($"    All {count} demo products are in the catalog.");
        }
        else
        {
            if (missing.Count < count)
            {
                output.WriteLine($"    {count - missing.Count} of {count} demo products are in the catalog; creating the other {missing.Count}.");
            }
            created = await CreateAsync(missing, count, cancellationToken);
        }
        await StockAsync(products, cancellationToken);
        output.WriteLine($"    {StockPerProduct} units of each in the simulated inventory.");
        return new SeedResult(created, count - created, _retries);
    }

    /// <summary>
    /// The skus the catalog lists up to <paramref name="last"/>, read page by page in sku order from
    /// the read model (no grain is woken), following each page's next cursor and stopping past the
    /// last demo sku: a catalog grown far beyond the demo products (the load tool's seeding) is not
    /// read whole, and page numbers reach only its first 10,000 products.
    /// </summary>
    private async Task<HashSet<string>> ListedSkusAsync(string last, CancellationToken cancellationToken)
    {
        var skus = new HashSet<string>(StringComparer.Ordinal);
        var path = "api/products?pageSize=100";
        while (true)
        {
            var answer = await SendAsync(api, () => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
            if (answer.Status != HttpStatusCode.OK)
            {
                throw new SeedingFailedException($"The API at {api.BaseAddress} does not list its products (GET /api/products: {answer}).");
            }
            var page = answer.Json();
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                skus.Add(item.GetProperty("sku").GetString()!);
            }
            // Listings are in ordinal sku order (the read model's sku is COLLATE "C").
            if (page.GetProperty("next").ValueKind != JsonValueKind.String || skus.Any(sku => string.CompareOrdinal(sku, last) >= 0))
            {
                return skus;
            }
            path = $"api/products?cursor={Uri.EscapeDataString(page.GetProperty("next").GetString()!)}&pageSize=100";
        }
    }

    private async Task<int> CreateAsync(List<DemoProduct> missing, int count, CancellationToken cancellationToken)
    {
        var admin = await AdminTokenAsync(cancellationToken);
        var created = 0;
        var done = 0;
        var failures = new ConcurrentBag<(string Sku, Answer Answer)>();
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (product, ct) =>
        {
            var answer = await SendAsync(api, () => new HttpRequestMessage(HttpMethod.Post, "api/products")
            {
                Content = JsonContent.Create(new
                {
                    sku = product.Sku,
                    name = product.Name,
                    description = product.Description,
                    category = product.Category,
                    price = new { amount = product.Price, currency = DemoProducts.Currency },
                }),
                Headers = { Authorization = admin },
            }, ct);
            switch (answer.Status)
            {
                case HttpStatusCode.Created:
                    Interlocked.Increment(ref created);
                    break;
                case HttpStatusCode.Conflict:
                    break; // it exists, discontinued or created meanwhile: just what a second run wants
                default:
                    failures.Add((product.Sku, answer));
                    break;
            }
            Progress(Interlocked.Increment(ref done), missing.Count);
        });
        if (!failures.IsEmpty)
        {
            throw new SeedingFailedException($"{failures.Count} of {count} demo products were not created: {Summarize(failures)}");
        }
        return created;
    }

    private async Task<AuthenticationHeaderValue> AdminTokenAsync(CancellationToken cancellationToken)
    {
        var answer = await SendAsync(api, () => new HttpRequestMessage(HttpMethod.Post, "dev/token")
        {
            Content = JsonContent.Create(new { customerId = "seed-admin", admin = true }),
        }, cancellationToken);
        if (answer.Status != HttpStatusCode.OK)
        {
            throw new SeedingFailedException(
                $"No admin token from the API at {api.BaseAddress} (POST /dev/token: {answer}); it gives one in Development only.");
        }
        var token = answer.Json().GetProperty("token").GetString();
        return new AuthenticationHeaderValue("Bearer", token);
    }

    private async Task StockAsync(IReadOnlyList<DemoProduct> products, CancellationToken cancellationToken)
    {
        var failures = new ConcurrentBag<(string Sku, Answer Answer)>();
        await Parallel.ForEachAsync(products, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (product, ct) =>
        {
            var answer = await SendAsync(simulators, () => new HttpRequestMessage(HttpMethod.Put, $"control/stock/{product.Sku}")
            {
                Content = JsonContent.Create(new { available = StockPerProduct }),
            }, ct);
            if (answer.Status != HttpStatusCode.NoContent)
            {
                failures.Add((product.Sku, answer));
            }
        });
        if (!failures.IsEmpty)
        {
            throw new SeedingFailedException(
                $"The simulators at {simulators.BaseAddress} did not take the stock of {failures.Count} of {products.Count} demo products: {Summarize(failures)}");
        }
    }

    /// <summary>The answer, read whole, after waiting out 429s.</summary>
    private async Task<Answer> SendAsync(HttpClient client, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            try
            {
                using var message = request();
                using var response = await client.SendAsync(message, cancellationToken);
                if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == Attempts)
                {
                    return new Answer(response.StatusCode, response.ReasonPhrase, await response.Content.ReadAsStringAsync(cancellationToken));
                }
                wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return new Answer(null, null, ex.Message);
            }
            Interlocked.Increment(ref _retries);
            await Task.Delay(wait < LongestWait ? wait : LongestWait, cancellationToken);
        }
    }

    /// <summary>Each kind of answer once, with the first skus that got it and one such answer in full.</summary>
    private static string Summarize(IEnumerable<(string Sku, Answer Answer)> failures) =>
        string.Join("; ", failures.GroupBy(f => f.Answer.Status).Select(g =>
        {
            var skus = g.Select(f => f.Sku).Order(StringComparer.Ordinal).ToList();
            return $"{string.Join(", ", skus.Take(3))}{(skus.Count > 3 ? $" and {skus.Count - 3} more" : "")}: {g.First().Answer}";
        }));

    private void Progress(int done, int total)
    {
        if (done % 100 == 0 || done == total)
        {
            lock (_outputLock)
            {
                output.Write($"\r    {done} / {total} products");
                if (done == total)
                {
                    output.WriteLine();
                }
            }
        }
    }
}
