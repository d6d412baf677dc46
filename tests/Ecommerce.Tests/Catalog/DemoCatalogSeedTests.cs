extern alias DemoCatalogHost;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DemoCatalogHost::Ecommerce.DemoCatalog;
using Ecommerce.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Catalog;

/// <summary>A shop of its own, so that its catalog holds the demo products and nothing else.</summary>
public sealed class DemoCatalogFixture : ShopFixture;

/// <summary>The seeding of the run command (src/DemoCatalog), against the real API, silo and simulators.</summary>
public sealed class DemoCatalogSeedTests(DemoCatalogFixture shop, ITestOutputHelper log) : IClassFixture<DemoCatalogFixture>
{
    [Fact]
    public async Task SeedingListsTheDemoProductsWithTheirStockAndASecondRunCreatesNothing()
    {
        // A rate limit that 25 products, 8 at a time, run into: the 429s must be waited out.
        await using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, overrides: new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:CustomerPermitsPerSecond"] = "10",
            ["RateLimits:CustomerBurst"] = "5",
        });
        api.StartServer();

        var first = await SeedAsync(api, 25);

        Assert.Equal((25, 0), (first.Created, first.Present));
        Assert.True(first.Retries > 0, "No 429 was met, so this run proves nothing about waiting them out.");
        var listed = await ListAsync();
        Assert.Equal(25, listed.GetProperty("total").GetInt64());
        var expected = DemoProducts.First(25);
        Assert.Equal(
            expected.Select(p => (p.Sku, p.Name, p.Description, p.Category, p.Price, "USD", true)),
            listed.GetProperty("items").EnumerateArray().Select(i => (
                i.GetProperty("sku").GetString()!, i.GetProperty("name").GetString()!, i.GetProperty("description").GetString()!,
                i.GetProperty("category").GetString()!, i.GetProperty("price").GetProperty("amount").GetDecimal(),
                i.GetProperty("price").GetProperty("currency").GetString()!, i.GetProperty("active").GetBoolean())));
        // The catalog the run command always made: adjective by the units digit, noun and category by the tens.
        Assert.Equal(("SKU-00001", "Red Mug 1", "The red mug 1, from the demo catalog.", "kitchen", 6.25m), Fields(expected[0]));
        Assert.Equal(("SKU-00012", "Green Lamp 12", "The green lamp 12, from the demo catalog.", "lighting", 17.00m), Fields(expected[11]));
        foreach (var product in expected)
        {
            Assert.Equal((1000, 0), await shop.Simulators.StockAsync(product.Sku));
        }

        // Meanwhile one product is discontinued (no longer listed) and another sells down.
        var admin = await shop.AdminAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/products/SKU-00003")).StatusCode);
        await shop.Simulators.SetStockAsync("SKU-00007", 3);

        var second = await SeedAsync(api, 25);

        // The discontinued product is sent again, answers 409, and stays discontinued; the stock is set again.
        Assert.Equal((0, 25), (second.Created, second.Present));
        // A total counted a moment ago may stand for half a second (api.md: a listing shows a change within one).
        var relisted = await Poll.ForAsync(ListAsync, l => l.GetProperty("total").GetInt64() == 24, "the total without the discontinued product",
            TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("SKU-00003", relisted.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()));
        Assert.Equal((1000, 0), await shop.Simulators.StockAsync("SKU-00007"));
    }

    [Fact]
    public async Task ProductsTheShopRefusesFailTheRunWithTheShopsAnswer()
    {
        // A shop selling in euros refuses the demo products' dollar prices (400). Skus 26-30 are
        // never created by the other test, so whichever runs first, this run meets refusals.
        await using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId,
            overrides: new Dictionary<string, string?> { ["Shop:Currency"] = "EUR" });
        api.StartServer();

        var (exitCode, output, error) = await RunToolAsync(
            "--api", api.ClientOptions.BaseAddress.ToString(), "--simulators", shop.Simulators.BaseAddress.ToString(), "--products", "30");
        log.WriteLine($"{output}{error}");

        Assert.True(exitCode == 1, $"exit code {exitCode}\n{output}\n{error}");
        Assert.Matches(@"^error: \d+ of 30 demo products were not created: SKU-000\d\d, SKU-000\d\d, SKU-000\d\d.*: 400 Bad Request .*sells in EUR only", error);
        Assert.Equal(0, (await ListAsync()).GetProperty("items").EnumerateArray().Count(i => string.CompareOrdinal(i.GetProperty("sku").GetString(), "SKU-00025") > 0));
    }

    [Theory]
    [InlineData("--products")]
    [InlineData("--products", "--api", "http://127.0.0.1:5000/")]
    [InlineData("--api")]
    public void AnOptionWithoutItsValueIsRefusedByName(params string[] args)
    {
        var refused = Assert.Throws<ArgumentException>(() => SeedOptions.Parse(args));
        Assert.Equal($"{args[0]} needs a value.", refused.Message);
    }

    [Fact]
    public void HelpAsksForTheUsageOnly() => Assert.True(SeedOptions.Parse(["--help"]).Help);

    private async Task<SeedResult> SeedAsync(ApiFactory api, int products)
    {
        var output = new StringWriter();
        try
        {
            return await new CatalogSeeder(api.CreateClient(), shop.Simulators.CreateClient(), output).SeedAsync(products);
        }
        finally
        {
            log.WriteLine(output.ToString());
        }
    }

    private Task<JsonElement> ListAsync() => shop.Anonymous().GetFromJsonAsync<JsonElement>("/api/products?pageSize=100");

    private static (string, string, string, string, decimal) Fields(DemoProduct p) => (p.Sku, p.Name, p.Description, p.Category, p.Price);

    private static async Task<(int ExitCode, string Output, string Error)> RunToolAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [BuiltApps.PathOf("DemoCatalog"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
