using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Drills;

/// <summary>
/// The whole system as real processes on loopback: a PostgreSQL of its own (with a synchronous
/// standby, if asked, and every process given both), the simulators, several silos and the API,
/// started from the built apps. Logs go to a temp folder that is named when a drill fails.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;
    private readonly List<AppProcess> _processes = [];

    private ProcessCluster(PostgresServer database, PostgresServer? standby, Dictionary<string, string> settings, string logs)
    {
        Database = database;
        Standby = standby;
        _settings = settings;
        Logs = logs;
    }

    /// <summary>The server, or with a standby the one that was primary at the start.</summary>
    public PostgresServer Database { get; }
    public PostgresServer? Standby { get; }
    public string Logs { get; }
    public List<AppProcess?> Silos { get; } = [];
    public AppProcess Api { get; private set; } = null!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<ProcessCluster> StartAsync(int silos, bool standby = false)
    {
        var database = standby ? await PostgresServer.StartReplicatedAsync("node1") : await PostgresServer.StartDedicatedAsync();
        var standbyServer = standby ? await database.StartStandbyAsync("node2") : null;
        var connectionString = await database.CreateDatabaseAsync();
        if (standbyServer is not null)
        {
            connectionString = PostgresServer.HostList(connectionString, database, standbyServer);
        }
        var logs = Directory.CreateTempSubdirectory("ecommerce-drill-").FullName;
        var simulatorsPort = FreePorts.Next();
        var cluster = $"drill-{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string>
        {
            ["Database__ConnectionString"] = connectionString,
            ["Orleans__ClusterId"] = cluster,
            ["Orleans__ServiceId"] = cluster,
            ["Orders__RetryInterval"] = "00:00:01",
            ["Orders__ResumeAfter"] = "00:00:03",
            ["Orders__SweepPeriod"] = "00:00:01",
            ["Simulators__PaymentApiKey"] = SimulatorFactory.PaymentKey,
            ["Services__Payment__ApiKey"] = SimulatorFactory.PaymentKey,
            ["Services__Payment__BaseUrl"] = $"http://127.0.0.1:{simulatorsPort}/",
            ["Services__Inventory__BaseUrl"] = $"http://127.0.0.1:{simulatorsPort}/",
            ["Services__Email__BaseUrl"] = $"http://127.0.0.1:{simulatorsPort}/",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var system = new ProcessCluster(database, standbyServer, settings, logs);
        system.Track(AppProcess.Start("Simulators", "simulators", simulatorsPort, settings, logs));
        for (var i = 0; i < silos; i++)
        {
            system.Silos.Add(system.StartSilo(i));
        }
        await Task.WhenAll(system._processes.Select(p => p.WaitReadyAsync(TimeSpan.FromSeconds(90))));
        var (apiPort, apiOperatorPort) = (FreePorts.Next(), FreePorts.Next());
        var api = new Dictionary<string, string>(settings)
        {
            ["Urls"] = $"http://127.0.0.1:{apiPort};http://127.0.0.1:{apiOperatorPort}",
            ["Operator__Port"] = apiOperatorPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        system.Api = system.Track(AppProcess.Start("Api", "api", apiPort, api, logs));
        await system.Api.WaitReadyAsync(TimeSpan.FromSeconds(90));
        system.Http.BaseAddress = system.Api.Web;
        system.Simulators = new Uri($"http://127.0.0.1:{simulatorsPort}/");
        return system;
    }

    public Uri Simulators { get; private set; } = null!;

    public AppProcess StartSilo(int index)
    {
        var operatorPort = FreePorts.Next();
        var settings = new Dictionary<string, string>(_settings)
        {
            // A silo without the API listens on its operator port alone.
            ["Operator__Port"] = operatorPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Track(AppProcess.Start("Silo", $"silo-{index}", operatorPort, settings, Logs));
    }

    public Task<HttpClient> SignedInAsync(string customerId, bool admin = false) =>
        SignIn.AsAsync(new HttpClient { BaseAddress = Api.Web, Timeout = TimeSpan.FromSeconds(60) }, customerId, admin);

    /// <summary>What each drill product starts with in the simulated inventory.</summary>
    public const int Stock = 1_000_000;

    /// <summary>Products with plenty of stock.</summary>
    public async Task<List<string>> ProductsAsync(int count)
    {
        var admin = await SignedInAsync("drill-admin", admin: true);
        using var simulators = new HttpClient { BaseAddress = Simulators };
        var skus = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var sku = $"D{i}-{Guid.NewGuid():N}"[..20];
            var created = await admin.PostAsJsonAsync("/api/products", new
            {
                sku, name = $"Drill item {i}", description = "", category = "drill", price = new { amount = 2m + i, currency = "USD" },
            });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            await simulators.PutAsJsonAsync($"/control/stock/{sku}", new { available = Stock });
            skus.Add(sku);
        }
        return skus;
    }

    /// <summary>One line of what a drill measured, <c>DRILL ...</c>, which CI prints from the test results.</summary>
    public void Report(Xunit.Abstractions.ITestOutputHelper output, string drill, string summary)
    {
        var line = $"DRILL {drill}: {summary} (logs: {Logs})";
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        Http.Dispose();
        await Database.DisposeAsync();
        if (Standby is not null)
        {
            await Standby.DisposeAsync();
        }
    }

    private AppProcess Track(AppProcess process)
    {
        _processes.Add(process);
        return process;
    }
}
