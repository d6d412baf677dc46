extern alias SiloHost;

using Ecommerce.Database;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Carts;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.Interfaces.Products;
using Ecommerce.Grains.Storage;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Orleans.Configuration;
using Orleans.TestingHost;
using SiloHost::Ecommerce.Silo.Hosting;

namespace Ecommerce.Tests.Grains;

/// <summary>
/// The grain-level tier: an Orleans TestingHost cluster of two silos with the project's real
/// grain storage and reminders (ADO.NET on the tests' PostgreSQL) and its real typed clients
/// reaching the simulators over HTTP, with precise faults injectable in front of both.
/// Shared by a collection; each test uses fresh customers, skus and keys.
/// </summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    /// <summary>Deadline of a grain call between silos: short, so that a slow write is a timeout within a test.</summary>
    public static readonly TimeSpan GrainCallTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long the inventory simulator holds a reservation that is never committed.</summary>
    public static readonly TimeSpan ReservationTtl = TimeSpan.FromSeconds(6);

    public OutsideFaults Outside { get; } = new();
    public StorageFaults Storage { get; } = new();
    public SimulatorFactory Simulators { get; } = new(new Dictionary<string, string?>
    {
        ["Simulators:ReservationTtl"] = ReservationTtl.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    });
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    /// <summary>Direct SQL on the cluster's database, for asserting what was stored.</summary>
    public Npgsql.NpgsqlDataSource Database { get; private set; } = null!;

    public IClusterClient Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        Database = Npgsql.NpgsqlDataSource.Create(ConnectionString);
        Simulators.StartServer();

        var settings = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = ConnectionString,
            // Quick retries and sweeps, so that interrupted orders finish within a test.
            ["Orders:CheckoutDeadline"] = "00:00:05",
            ["Orders:RetryInterval"] = "00:00:00.200",
            ["Orders:ResumeAfter"] = "00:00:01",
            ["Orders:SweepPeriod"] = "00:00:00.500",
        };
        foreach (var service in new[] { "Payment", "Inventory", "Email" })
        {
            settings[$"Services:{service}:BaseUrl"] = Simulators.BaseAddress.ToString();
            // One attempt per grain step: a fault armed once fails exactly one step, and the
            // workflow's own retries (not the pipeline's) are what is tested here.
            settings[$"Services:{service}:MaxRetries"] = "0";
            settings[$"Services:{service}:AttemptTimeout"] = "00:00:01";
            settings[$"Services:{service}:TotalTimeout"] = "00:00:02";
            settings[$"Services:{service}:BreakerMinimumThroughput"] = "10000";
        }
        settings["Services:Payment:ApiKey"] = SimulatorFactory.PaymentKey;

        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ClusterId = $"grains-{Guid.NewGuid():N}";
        builder.Options.ServiceId = $"svc-{Guid.NewGuid():N}";
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => ConfigureSilo(host, settings));
        builder.ConfigureClient(client =>
        {
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(8));
            // After a kill the client moves to the surviving gateway within a second.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    private void ConfigureSilo(IHostApplicationBuilder host, Dictionary<string, string?> settings)
    {
        host.Configuration.AddInMemoryCollection(settings);
        host.Services.AddSingleton(TimeProvider.System);
        host.AddEcommerceDatabase();
        host.AddOutsideServices();
        host.AddShopWorkflows();
        host.Services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(handlers =>
            handlers.AdditionalHandlers.Add(Outside.CreateHandler(
                handlers.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString(),
                handlers.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping))));
        host.UseOrleans(silo =>
        {
            silo.AddEcommercePersistence();
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = GrainCallTimeout);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                // A killed silo is declared dead within a few seconds.
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
        });
        Storage.Decorate(host.Services, StorageNames.Postgres);
    }

    public async Task DisposeAsync()
    {
        Outside.ReleaseHeld();
        Storage.ReleaseHeld();
        await Cluster.DisposeAsync();
        await Simulators.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Replaces killed silos, so that every test starts on two.</summary>
    public async Task EnsureTwoSilosAsync()
    {
        while (Cluster.GetActiveSilos().Count() < 2)
        {
            await Cluster.StartAdditionalSiloAsync();
        }
    }

    /// <summary>The silo an activation of the grain lives on, if it is active.</summary>
    public async Task<SiloAddress?> SiloOfAsync(IAddressable grain) =>
        await Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);

    /// <summary>The workflow step an order's stored row is at (from the orders read model), or null.</summary>
    public async Task<string?> StoredStepAsync(string orderId)
    {
        await using var query = Database.CreateCommand("SELECT document ->> 'step' FROM orders WHERE order_id = $1");
        query.Parameters.Add(new() { Value = orderId });
        return await query.ExecuteScalarAsync() as string;
    }

    /// <summary>How many of the orders have work left (recorded in orders_unfinished with each order write).</summary>
    public async Task<long> UnfinishedOrdersAsync(IReadOnlyCollection<string> orderIds)
    {
        await using var query = Database.CreateCommand("SELECT count(*) FROM orders_unfinished WHERE order_id = ANY($1)");
        query.Parameters.Add(new() { Value = orderIds.ToArray() });
        return (long)(await query.ExecuteScalarAsync())!;
    }

    public static string NewCustomer() => $"c-{Guid.NewGuid():N}";

    public static string NewKey() => $"k-{Guid.NewGuid():N}";

    public static readonly ShippingAddress Address = new("Ada Lovelace", "12 St James's Square", null, "London", "SW1Y 4JH", "GB");

    public static CheckoutCommand Command(string customerId, string email = "buyer@shop.example") =>
        new(customerId, email, Address, $"fp-{email}");

    public ICartGrain Cart(string customerId) => Grains.GetCart(customerId);

    public IOrderGrain Order(string orderId) => Grains.GetOrder(orderId);

    /// <summary>A fresh listed product with that much stock in the inventory simulator.</summary>
    public async Task<string> ProductAsync(decimal price = 10m, int stock = 100)
    {
        var sku = $"G-{Guid.NewGuid():N}"[..20];
        await Grains.GetProduct(sku).CreateAsync(new ProductDraft($"Product {sku}", "", "test", new Money(price, "USD")));
        await Simulators.SetStockAsync(sku, stock);
        return sku;
    }
}

[CollectionDefinition(Name)]
public sealed class GrainClusterDefinition : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grain cluster";
}
