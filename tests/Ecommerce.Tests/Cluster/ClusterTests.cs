using System.Net;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ecommerce.Tests.Cluster;

/// <summary>Silos that find each other, and the API that finds them, through PostgreSQL alone.</summary>
public sealed class ClusterTests : IAsyncLifetime
{
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly string _serviceId = $"svc-{Guid.NewGuid():N}";
    private string _connectionString = "";

    public async Task InitializeAsync() =>
        _connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TwoSilosJoinThroughTheMembershipTableAndBothServeCalls()
    {
        await using var first = new SiloFactory(_connectionString, _clusterId, _serviceId);
        first.StartServer();
        await using var second = new SiloFactory(_connectionString, _clusterId, _serviceId);
        second.StartServer();
        await using var api = new ApiFactory(_connectionString, _clusterId, _serviceId);
        api.StartServer();
        var grains = api.Services.GetRequiredService<IGrainFactory>();

        var active = await WaitForAsync(async () =>
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            return hosts.Count == 2 ? hosts : null;
        });
        var silos = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => grains.GetGrain<ISiloProbeGrain>(i).SiloAsync()));

        Assert.Equal(2, active.Count);
        Assert.Equal(active.Keys.Select(s => s.ToString()).Order(), silos.Distinct().Order());
        Assert.Equal(2L, await ScalarAsync<long>(
            "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = $1 AND status = 3", _clusterId));
        Assert.Equal(new[] { first.SiloPort, second.SiloPort }.Order(), await ScalarAsync<int[]>(
            "SELECT array_agg(port ORDER BY port) FROM orleansmembershiptable WHERE deploymentid = $1", _clusterId));
    }

    [Fact]
    public async Task EverySiloAndTheApiReportLiveAndReady()
    {
        await using var silo = new SiloFactory(_connectionString, _clusterId, _serviceId);
        silo.StartServer();
        await using var api = new ApiFactory(_connectionString, _clusterId, _serviceId);
        api.StartServer();

        foreach (var client in new[] { silo.CreateClient(), api.CreateClient() })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
            await WaitForAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK ? "" : null);
        }
    }

    [Fact]
    public async Task AReminderStoredInPostgresFires()
    {
        await using var silo = new SiloFactory(_connectionString, _clusterId, _serviceId);
        silo.StartServer();
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var key = $"r:{Guid.NewGuid():N}";

        await grains.GetGrain<IReminderProbeGrain>(key).StartAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(1L, await ScalarAsync<long>(
            "SELECT count(*) FROM orleansreminderstable WHERE serviceid = $1 AND grainid LIKE '%' || $2", _serviceId, key));
        await WaitForAsync(() => Task.FromResult(ReminderProbeGrain.Ticks.TryGetValue(key, out var n) && n > 0 ? "" : null));
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : class =>
        (await Poll.ForAsync(probe, r => r is not null, "the cluster answers", TimeSpan.FromSeconds(60)))!;

    private async Task<T> ScalarAsync<T>(string sql, params string[] arguments)
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var command = dataSource.CreateCommand(sql);
        foreach (var argument in arguments)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = argument });
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
