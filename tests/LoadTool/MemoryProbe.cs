using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ecommerce.LoadTool;

/// <summary>Memory per idle cart activation: the silo's heap after a full GC, before and after activating carts.</summary>
public static class MemoryProbe
{
    public static async Task RunAsync(LoadOptions options, TextWriter output)
    {
        using var api = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
        using var silo = OperatorClient(options);
        var sku = (await api.GetFromJsonAsync<JsonElement>("api/products?pageSize=1")).GetProperty("items")[0].GetProperty("sku").GetString();

        var before = await ReportAsync(silo);
        output.WriteLine($"before: {Describe(before)}");
        var run = Guid.NewGuid().ToString("N")[..8];
        long done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Carts), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, ct) =>
        {
            var bearer = await SignIn.TokenAsync(api, $"idle-{run}-{i}", cancellationToken: ct);
            using var put = new HttpRequestMessage(HttpMethod.Put, $"api/cart/items/{sku}") { Content = JsonContent.Create(new { quantity = 1 }) };
            put.Headers.Authorization = bearer;
            using var written = await api.SendAsync(put, ct);
            written.EnsureSuccessStatusCode();
            if (Interlocked.Increment(ref done) % 5000 == 0 && !options.Quiet)
            {
                output.WriteLine($"  {done} carts");
            }
        });
        var after = await ReportAsync(silo);
        output.WriteLine($"after:  {Describe(after)}");

        var carts = after.GetProperty("cartActivations").GetInt32() - before.GetProperty("cartActivations").GetInt32();
        var heap = after.GetProperty("managedHeapBytes").GetInt64() - before.GetProperty("managedHeapBytes").GetInt64();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{carts} more cart activations, {heap / 1024.0 / 1024.0:0.0} MiB more managed heap: {(double)heap / Math.Max(1, carts):0} bytes per idle cart activation"));
    }

    /// <summary>A client of the silo's operator endpoints, with the operator credential.</summary>
    public static HttpClient OperatorClient(LoadOptions options) => new()
    {
        BaseAddress = options.Silo,
        Timeout = TimeSpan.FromSeconds(120),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Operator))) },
    };

    /// <summary>The silo's managed heap after a full, compacting GC, in bytes, and its grain activations.</summary>
    public static async Task<(long Heap, int Activations)> HeapAfterFullGcAsync(HttpClient silo)
    {
        var report = await ReportAsync(silo);
        return (report.GetProperty("managedHeapBytes").GetInt64(), report.GetProperty("activations").GetInt32());
    }

    private static async Task<JsonElement> ReportAsync(HttpClient silo)
    {
        using var response = await silo.PostAsync("diagnostics/memory", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Describe(JsonElement report) => string.Create(CultureInfo.InvariantCulture,
        $"managed heap {report.GetProperty("managedHeapBytes").GetInt64() / 1024.0 / 1024.0:0.0} MiB, working set {report.GetProperty("workingSetBytes").GetInt64() / 1024.0 / 1024.0:0.0} MiB, {report.GetProperty("activations").GetInt32()} activations ({report.GetProperty("cartActivations").GetInt32()} carts)");
}
