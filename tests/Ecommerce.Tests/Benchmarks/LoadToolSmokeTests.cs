extern alias LoadToolHost;

using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Infrastructure;
using LoadToolHost::Ecommerce.LoadTool;

namespace Ecommerce.Tests.Benchmarks;

/// <summary>The load tool works against a running system (it checks the tool, not speed).</summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class LoadToolSmokeTests(ShopFixture shop)
{
    [Theory]
    [InlineData("mix", null)]
    [InlineData("checkout", 20)]
    public async Task TheLoadToolRunsAScenarioAndItsFloor(string scenario, int? rate)
    {
        await Products.CreateAsync(await shop.AdminAsync(), Products.Body(Products.NewSku("L")));
        var output = new StringWriter();

        var results = await LoadRunner.RunAsync(new LoadOptions
        {
            Url = shop.Api.ClientOptions.BaseAddress,
            Simulators = shop.Simulators.BaseAddress,
            Silo = shop.Silo.OperatorAddress,
            Scenario = scenario,
            Rate = rate,
            Duration = TimeSpan.FromSeconds(1.5),
            Warmup = TimeSpan.Zero,
            Concurrency = 4,
            Customers = 5,
            Floors = true,
            Quiet = true,
        }, output);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Requests > 0 && r.Errors == 0, $"{r.Name}: {r.Requests} requests, {r.Errors} errors"));
        Assert.Contains($"{scenario} / HTTP floor = ", output.ToString(), StringComparison.Ordinal);
        // The silo's collections, read from its metrics on the operator port with the operator credential.
        Assert.Matches($@"GC pauses during {scenario}[^:]*: silo \d+ ms in \d+ collections", output.ToString());
        // Every answered request has its latency recorded, and the report prints the percentiles computed from them.
        Assert.All(results, r => Assert.Equal(r.Requests, r.LatenciesMs.Length));
        Assert.Contains(results[0].ToString(), output.ToString(), StringComparison.Ordinal);
        if (rate is { } perSecond)
        {
            // A fixed-rate run sends at that rate, not as fast as it can.
            Assert.InRange(results[0].RequestsPerSecond, perSecond * 0.5, perSecond * 1.5);
        }
    }

    [Fact]
    public async Task TheOverloadModeMeasuresTheSaturatingRateThenKeepsItsScheduleAndTimesTheRecovery()
    {
        await Products.CreateAsync(await shop.AdminAsync(), Products.Body(Products.NewSku("O")));
        var output = new StringWriter();

        var phases = await Overload.RunAsync(new LoadOptions
        {
            Url = shop.Api.ClientOptions.BaseAddress,
            Simulators = shop.Simulators.BaseAddress,
            Silo = shop.Silo.OperatorAddress,
            Scenario = "read",
            Overload = [0.5, 2],
            // The shop runs in this process: each request unanswered holds a socket at both ends,
            // and thousands of them took the test host past its open files (a CI run crashed).
            MostUnanswered = 200,
            Duration = TimeSpan.FromSeconds(1),
            Warmup = TimeSpan.Zero,
            Concurrency = 4,
            Customers = 5,
        }, output);

        Assert.Equal(["0.5 x", "2 x", "back to 0.5 x"], phases.Select(p => p.Name));
        Assert.All(phases, p => Assert.True(p.Errors == 0 && p.AdmittedMs.Length > 0, output.ToString()));
        // Open loop: the schedule's count of arrivals is sent, however the shop answers.
        var (half, twice) = (phases[0].Sent + phases[0].Dropped, phases[1].Sent + phases[1].Dropped);
        Assert.InRange(twice, half * 4 - 4, half * 4 + 4);
        Assert.All(phases, p => Assert.Equal(p.Sent, p.AdmittedMs.Length + p.RefusedMs.Length + p.Errors));
        // What each phase read from the silo's operator port: its memory, and the API's count of its own refusals.
        Assert.All(phases, p => Assert.True(p.SiloWorkingSetMiB > 0 && p.AtTheShop is { Count: >= 0 }, output.ToString()));
        Assert.Matches(@"recovery: back to within 2 x the half-rate p99 \(\d+\.\d ms\) after \d+ s", output.ToString());
        Assert.Matches(@"operator port /health/live throughout: \d+ probes, 0 failed", output.ToString());
    }

    [Fact]
    public async Task WrkSendsTheReadScenarioAndItsFloorAndTheToolReadsItsFigures()
    {
        await Products.CreateAsync(await shop.AdminAsync(), Products.Body(Products.NewSku("W")));
        var output = new StringWriter();

        var results = await LoadRunner.RunAsync(new LoadOptions
        {
            Url = shop.Api.ClientOptions.BaseAddress,
            Simulators = shop.Simulators.BaseAddress,
            Scenario = "read",
            Client = "wrk",
            Duration = TimeSpan.FromSeconds(1),
            Warmup = TimeSpan.Zero,
            Concurrency = 4,
            Customers = 5,
            Floors = true,
            Quiet = true,
        }, output);

        Assert.Equal(["HTTP floor (live)", "read"], results.Select(r => r.Name));
        Assert.All(results, r => Assert.True(r.Requests > 0 && r.Errors == 0, $"{r.Name}: {r.Requests} requests, {r.Errors} errors"));
        // wrk's own percentiles, in order, and its CPU under its own name (read while it still runs).
        Assert.All(results, r => Assert.True(0 < r.Percentile(50) && r.Percentile(50) <= r.Percentile(90)
            && r.Percentile(90) <= r.Percentile(99) && r.Percentile(99) <= r.LatenciesMs[^1], output.ToString()));
        Assert.True(results.Sum(r => r.Cpu!.MsPerOperation.GetValueOrDefault("wrk")) > 0, output.ToString());
        Assert.Contains("read / HTTP floor = ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCartScenarioRunsBesideTheStorageFloorAndShowsWhereTheCpuWent()
    {
        await Products.CreateAsync(await shop.AdminAsync(), Products.Body(Products.NewSku("F")));
        var output = new StringWriter();

        var results = await LoadRunner.RunAsync(new LoadOptions
        {
            Url = shop.Api.ClientOptions.BaseAddress,
            Simulators = shop.Simulators.BaseAddress,
            Scenario = "cart",
            Duration = TimeSpan.FromSeconds(1.5),
            Warmup = TimeSpan.Zero,
            Concurrency = 4,
            Customers = 5,
            Postgres = shop.ConnectionString,
            Quiet = true,
        }, output);

        Assert.Equal(["cart", "storage floor (pgbench)"], results.Select(r => r.Name));
        Assert.All(results, r => Assert.True(r.Requests > 0 && r.Errors == 0, $"{r.Name}: {r.Requests} requests, {r.Errors} errors"));
        Assert.Contains("cart / storage floor = ", output.ToString(), StringComparison.Ordinal);
        // Cart writes cost the database server CPU, and the report says how much per request.
        Assert.True(results[0].Cpu!.MsPerOperation.GetValueOrDefault("postgres") > 0, output.ToString());
        Assert.Matches(@"cart +.*postgres \d+\.\d{3}", output.ToString());
    }

    [Fact]
    public async Task TheHotSkuSellsExactlyWhatItConfirmsAndAnswersEveryBuyer()
    {
        var output = new StringWriter();

        var result = await HotSku.RunAsync(new LoadOptions
        {
            Url = shop.Api.ClientOptions.BaseAddress,
            Simulators = shop.Simulators.BaseAddress,
            Buyers = 200,
            Stock = 20,
            Quiet = true,
        }, output);

        // Past the host's admission a buyer is refused at once (503 with Retry-After) rather than
        // queued: every answer is one of the three, and the orders are exactly the units sold.
        Assert.Empty(result.Others);
        Assert.True(result.Confirmed + result.Refused + result.Unavailable == 200, output.ToString());
        Assert.True(result.Confirmed > 0, output.ToString());
        Assert.Equal((result.Stock - result.Confirmed, 0), (result.Available, result.Reserved));
        Assert.Matches(@"hotsku: 200 buyers, 20 in stock: \d+ confirmed .* refused at capacity .* p99 \d+ ms", output.ToString());
    }

    [Fact]
    public async Task TheMemoryProbeReportsBytesPerCartActivation()
    {
        await Products.CreateAsync(await shop.AdminAsync(), Products.Body(Products.NewSku("M")));
        var output = new StringWriter();

        await MemoryProbe.RunAsync(new LoadOptions
        {
            Url = shop.Api.ClientOptions.BaseAddress,
            Silo = shop.Silo.OperatorAddress,
            Carts = 50,
            Concurrency = 4,
            Quiet = true,
        }, output);

        Assert.Matches(@"50 more cart activations, .* bytes per idle cart activation", output.ToString());
    }

    [Fact]
    public async Task TheSoakReadsTheP99AndTheSilosHeapEachIntervalAndComparesTheLastWithTheSecond()
    {
        await Products.CreateAsync(await shop.AdminAsync(), Products.Body(Products.NewSku("S")));
        var output = new StringWriter();

        await Soak.RunAsync(new LoadOptions
        {
            Url = shop.Api.ClientOptions.BaseAddress,
            Silo = shop.Silo.OperatorAddress,
            Simulators = shop.Simulators.BaseAddress,
            Scenario = "read",
            Rate = 50,
            Soak = true,
            SoakInterval = TimeSpan.FromSeconds(1),
            // Three readings even when a heap reading (a full GC of a silo other tests share) takes over a second.
            Duration = TimeSpan.FromSeconds(6.5),
            Customers = 5,
        }, output);

        var readings = System.Text.RegularExpressions.Regex.Matches(output.ToString(), @"(?m)^\s+\d+\s+(\d+)\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s+\d+$");
        Assert.True(readings.Count >= 3, output.ToString());
        Assert.All(readings, r => Assert.True(int.Parse(r.Groups[1].Value) > 0 && double.Parse(r.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, r.Value));
        Assert.Matches(@"soak: p99 [\d.]+ ms in the second reading, [\d.]+ ms in the last .*; heap [\d.]+ MiB, then [\d.]+ MiB", output.ToString());
    }
}
