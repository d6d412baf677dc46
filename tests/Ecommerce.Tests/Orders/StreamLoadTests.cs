using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Orders;

/// <summary>A shop of its own, so that two hundred open streams load nothing but this test.</summary>
public sealed class StreamLoadFixture : ShopFixture;

public sealed class StreamLoadTests(StreamLoadFixture shop, ITestOutputHelper output) : IClassFixture<StreamLoadFixture>
{
    [Fact]
    public async Task TwoHundredOpenStreamsHoldNoThreadsOrConnectionsAndTheShopKeepsAnswering()
    {
        // 40 customers, each watching its own order through five streams (the most allowed).
        var orders = new List<(Shopper Shopper, string Id)>();
        var sku = await Shopper.ProductAsync(shop, stock: 1000);
        foreach (var chunk in Enumerable.Range(0, 40).Chunk(10))
        {
            orders.AddRange(await Task.WhenAll(chunk.Select(async _ =>
            {
                var shopper = await Shopper.NewAsync(shop);
                await shopper.AddAsync(sku, 1);
                var response = await shopper.CheckoutAsync(Shopper.NewKey());
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                return (shopper, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            })));
        }
        var reader = shop.Anonymous();
        var apiPool = PoolCounts.Of(shop.Api.Services.GetRequiredService<NpgsqlDataSource>());
        var siloPool = PoolCounts.Of(shop.Silo.Services.GetRequiredService<NpgsqlDataSource>());

        var before = await MeasureAsync(reader, sku);
        var streams = new List<SseClient>();
        try
        {
            foreach (var (shopper, id) in orders)
            {
                for (var i = 0; i < 5; i++)
                {
                    var stream = await SseClient.OpenAsync(shopper.Client, $"/api/orders/{id}/events");
                    Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
                    streams.Add(stream);
                }
            }
            // Every stream has sent its history and now waits.
            foreach (var stream in streams)
            {
                Assert.Equal(["Pending", "Confirmed"], new[] { await stream.NextAsync(), await stream.NextAsync() }.Select(e => e!.Status));
            }
            await Task.Delay(TimeSpan.FromSeconds(3));
            var during = await MeasureAsync(reader, sku);
            var busy = (apiPool().Busy, siloPool().Busy);

            output.WriteLine($"threads {before.Threads} -> {during.Threads}; reads p50 {before.P50.TotalMilliseconds:0.0} -> {during.P50.TotalMilliseconds:0.0} ms, " +
                $"p95 {before.P95.TotalMilliseconds:0.0} -> {during.P95.TotalMilliseconds:0.0} ms; busy connections api {busy.Item1}, silo {busy.Item2}");
            Assert.Equal(200, streams.Count(s => !s.Ended));
            Assert.True(during.Threads - before.Threads < 40, $"Threads grew from {before.Threads} to {during.Threads} with 200 streams.");
            Assert.True(busy.Item1 + busy.Item2 <= 2, $"Waiting streams hold connections: api {busy.Item1}, silo {busy.Item2}.");
            Assert.True(during.P95 <= TimeSpan.FromMilliseconds(Math.Max(3 * before.P95.TotalMilliseconds, before.P95.TotalMilliseconds + 100)),
                $"Reads slowed from p95 {before.P95.TotalMilliseconds:0.0} ms to {during.P95.TotalMilliseconds:0.0} ms.");
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    /// <summary>Catalog reads one after another, and the process's thread count.</summary>
    private static async Task<(TimeSpan P50, TimeSpan P95, int Threads)> MeasureAsync(HttpClient client, string sku)
    {
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 100; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/products/{sku}")).StatusCode);
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }
        latencies.Sort();
        using var process = Process.GetCurrentProcess();
        return (latencies[49], latencies[94], process.Threads.Count);
    }
}
