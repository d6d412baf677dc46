using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// The whole system on a database of its own: one real silo and the real API over HTTP.
/// Shared by a collection; each test uses fresh keys.
/// </summary>
public class ShopFixture : IAsyncLifetime
{
    private NpgsqlDataSource? _database;

    public string ConnectionString { get; private set; } = "";
    public string ClusterId { get; } = $"test-{Guid.NewGuid():N}";
    public string ServiceId { get; } = $"svc-{Guid.NewGuid():N}";
    public SimulatorFactory Simulators { get; } = new();
    public SiloFactory Silo { get; private set; } = null!;
    public ApiFactory Api { get; private set; } = null!;

    /// <summary>Direct SQL on the fixture's database, for asserting what was stored.</summary>
    public NpgsqlDataSource Database => _database!;

    /// <summary>Settings a variant of the system gives its silo.</summary>
    protected virtual IReadOnlyDictionary<string, string?> SiloSettings => new Dictionary<string, string?>();

    /// <summary>Where the silo finds the outside services; the simulators unless a variant says otherwise.</summary>
    protected virtual Uri? ServicesAddress => null;

    /// <summary>The API's environment and settings in a variant of the system.</summary>
    protected virtual string ApiEnvironment => "Development";

    protected virtual IReadOnlyDictionary<string, string?> ApiSettings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        ConnectionString = await server.CreateDatabaseAsync();
        _database = NpgsqlDataSource.Create(ConnectionString);
        Simulators.StartServer();
        Silo = new SiloFactory(ConnectionString, ClusterId, ServiceId, ServicesAddress ?? Simulators.BaseAddress, SiloSettings);
        Silo.StartServer();
        Api = new ApiFactory(ConnectionString, ClusterId, ServiceId, ApiEnvironment, ApiSettings);
        Api.StartServer();
    }

    public virtual async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Silo.DisposeAsync();
        await Simulators.DisposeAsync();
        await _database!.DisposeAsync();
    }

    public HttpClient Anonymous() => Api.CreateClient();

    public async Task<HttpClient> CustomerAsync(string? customerId = null) =>
        await SignedInAsync(customerId ?? $"customer-{Guid.NewGuid():N}", admin: false);

    public async Task<HttpClient> AdminAsync() => await SignedInAsync($"admin-{Guid.NewGuid():N}", admin: true);

    /// <summary>A client of the API signed in as this customer; by a development token unless a variant signs in otherwise.</summary>
    protected virtual Task<HttpClient> SignedInAsync(string customerId, bool admin) => SignIn.AsAsync(Api.CreateClient(), customerId, admin);
}

[CollectionDefinition(Name)]
public sealed class ShopCollectionDefinition : ICollectionFixture<ShopFixture>
{
    public const string Name = "shop";
}
