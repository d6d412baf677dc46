using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// Clients generate their SDKs from /openapi/v1.json. This test does what such a client does, at
/// test time and from the document the running API serves: Kiota (the local tool of
/// .config/dotnet-tools.json) generates a C# client, tests/GeneratedClient is built on it, and
/// that program walks the README's shopping flow against the live API through the generated
/// client alone.
/// </summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class GeneratedClientTests(ShopFixture shop, ITestOutputHelper log) : IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("generated-client-");

    public Task InitializeAsync() => shop.Simulators.ClearFaultsAsync();

    public Task DisposeAsync()
    {
        _work.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AClientGeneratedFromTheServedDocumentRunsTheReadmeShoppingFlow()
    {
        var sku = Products.NewSku("GC");
        var customerId = $"gc-{Guid.NewGuid():N}";
        await shop.Simulators.SetStockAsync(sku, 10);

        var program = await BuildClientAsync(await shop.Anonymous().GetStringAsync("/openapi/v1.json"));
        var (exitCode, output) = await DotnetCommand.RunAsync(_work.FullName,
            [program, shop.Api.ClientOptions.BaseAddress.ToString(), sku, customerId], TimeSpan.FromSeconds(60));

        log.WriteLine(output);
        Assert.True(exitCode == 0, $"The generated client's shopping flow failed:{Environment.NewLine}{output}");
        var outcome = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains(": ", StringComparison.Ordinal))
            .ToDictionary(line => line[..line.IndexOf(": ", StringComparison.Ordinal)], line => line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
        Assert.Equal($"2 x {sku} at 12.50 USD = 25.00 USD", outcome["cart"]);
        var orderId = outcome["checkout"].Split(' ')[0];
        Assert.Equal($"{orderId} Confirmed", outcome["checkout"]);
        Assert.Equal($"{orderId} Confirmed 25.00 USD", outcome["order"]);
        Assert.Equal("empty", outcome["cart after checkout"]);
        Assert.StartsWith("Pending(customer) Confirmed(system) Shipped(admin:", outcome["timeline"], StringComparison.Ordinal);

        // What the program reported is what happened: one charge of the total, and the order as the API
        // (not the generated client) reads it.
        var charge = Assert.Single(await shop.Simulators.ChargesAsync(orderId));
        Assert.Equal(25m, charge.GetProperty("amount").GetDecimal());
        var order = await (await shop.CustomerAsync(customerId)).GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
        Assert.Equal("Delivered", order.GetProperty("status").GetString());
        Assert.Equal(customerId, order.GetProperty("customerId").GetString());
    }

    /// <summary>Generates the client from the document and builds the flow on it; returns the built program.</summary>
    private async Task<string> BuildClientAsync(string document)
    {
        var description = Path.Combine(_work.FullName, "openapi.json");
        await File.WriteAllTextAsync(description, document);
        var sdk = Path.Combine(_work.FullName, "sdk");
        var bin = Path.Combine(_work.FullName, "bin");

        // The tool neither asks GitHub for a newer version nor sends telemetry.
        var kiota = new Dictionary<string, string> { ["KIOTA_UPDATE__DISABLED"] = "true", ["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true" };
        var (generated, generation) = await DotnetCommand.RunAsync(BuiltApps.Repository,
            ["kiota", "generate", "--language", "CSharp", "--openapi", description, "--output", sdk,
             "--class-name", "ShopClient", "--namespace-name", "Ecommerce.GeneratedClient.Sdk",
             "--exclude-backward-compatible", "--log-level", "Warning"],
            TimeSpan.FromSeconds(60), kiota);
        Assert.True(generated == 0, $"kiota generate failed (is the tool restored? `dotnet tool restore`):{Environment.NewLine}{generation}");

        // Restored with the test project's build (no download here); compiled with the repository's
        // settings, warnings as errors, so a document that generates broken code fails the test.
        var (built, build) = await DotnetCommand.RunAsync(BuiltApps.Repository,
            ["build", Path.Combine("tests", "GeneratedClient", "GeneratedClient.csproj"), "--no-restore", "--disable-build-servers",
             "-nodeReuse:false", "-p:ShopClientDirectory=" + sdk, "-p:IntermediateOutputPath=" + Path.Combine(_work.FullName, "obj") + "/",
             "--output", bin],
            TimeSpan.FromSeconds(180));
        Assert.True(built == 0, $"The generated client does not build:{Environment.NewLine}{build}");
        return Path.Combine(bin, "Ecommerce.GeneratedClient.dll");
    }
}
