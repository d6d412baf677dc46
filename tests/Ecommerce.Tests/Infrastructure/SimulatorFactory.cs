extern alias SimulatorsHost;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SimulatorProgram = SimulatorsHost::Program;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>The project's simulators of the payment, inventory and e-mail services, over real HTTP on loopback.</summary>
public sealed class SimulatorFactory : WebApplicationFactory<SimulatorProgram>
{
    public const string PaymentKey = "test-payment-key";

    private readonly IReadOnlyDictionary<string, string?> _settings;

    public SimulatorFactory(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Where the silos reach the simulators.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Simulators:PaymentApiKey", PaymentKey);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task SetFaultsAsync(object faults) =>
        Assert.Equal(HttpStatusCode.NoContent, (await CreateClient().PutAsJsonAsync("/control/faults", faults)).StatusCode);

    public async Task ClearFaultsAsync() =>
        Assert.Equal(HttpStatusCode.NoContent, (await CreateClient().DeleteAsync("/control/faults")).StatusCode);

    public async Task SetStockAsync(string sku, int available) =>
        Assert.Equal(HttpStatusCode.NoContent, (await CreateClient().PutAsJsonAsync($"/control/stock/{sku}", new { available })).StatusCode);

    public async Task<(int Available, int Reserved)> StockAsync(string sku)
    {
        var stock = await CreateClient().GetFromJsonAsync<JsonElement>($"/control/stock/{sku}");
        return (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32());
    }

    public async Task<List<JsonElement>> ChargesAsync(string? reference = null) =>
        (await CreateClient().GetFromJsonAsync<List<JsonElement>>("/control/charges"))!
            .Where(c => reference is null || c.GetProperty("reference").GetString() == reference).ToList();

    public async Task<List<JsonElement>> EmailsAsync(string? orderId = null) =>
        (await CreateClient().GetFromJsonAsync<List<JsonElement>>("/control/emails"))!
            .Where(e => orderId is null || e.GetProperty("orderId").GetString() == orderId).ToList();
}
