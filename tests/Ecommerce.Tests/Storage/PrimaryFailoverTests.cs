using Ecommerce.Database;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Ecommerce.Tests.Storage;

/// <summary>
/// The process's one data source given a primary and its synchronous standby: it writes to
/// whichever is primary, whatever the order of the list, and after the primary dies and the
/// standby is promoted it writes again by itself, handing out no connection to the dead server.
/// </summary>
public sealed class PrimaryFailoverTests
{
    [Fact]
    public async Task AHostListWritesToThePrimaryEvenWithTheStandbyListedFirst()
    {
        await using var primary = await PostgresServer.StartReplicatedAsync("node1");
        await using var standby = await primary.StartStandbyAsync("node2");
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresServer.HostList(await primary.CreateDatabaseAsync(), standby, primary))
        {
            TargetSessionAttributes = null,
        }.ConnectionString;
        using var host = Build(connectionString);

        await CreateTableAsync(host.Services.GetRequiredService<PooledDataSource>());
    }

    [Fact]
    public async Task AfterThePrimaryDiesAndTheStandbyIsPromotedTheSameDataSourceWritesAgain()
    {
        await using var primary = await PostgresServer.StartReplicatedAsync("node1");
        await using var standby = await primary.StartStandbyAsync("node2");
        using var host = Build(PostgresServer.HostList(await primary.CreateDatabaseAsync(), primary, standby));
        var dataSource = host.Services.GetRequiredService<PooledDataSource>();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await CreateTableAsync(dataSource);
        // Several connections to the primary wait in the pool when it dies.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => WriteAsync(dataSource, $"before-{i}")));

        await primary.KillAsync();
        // The first command on a pooled connection to the dead server fails, and Npgsql marks it
        // down; from then on no connection can be had, which readiness and the metrics show.
        await Poll.UntilAsync(async () => (await health.CheckHealthAsync()).Status == HealthStatus.Unhealthy && dataSource.UnavailableTime > TimeSpan.Zero,
            "readiness fails and the time without a primary is counted");
        await standby.PromoteAsync();
        await Poll.UntilAsync(async () => await TryWriteAsync(dataSource, "after-promotion"), "a write succeeds on the promoted standby", TimeSpan.FromSeconds(10));

        // None of the pool's connections to the dead server is handed out again.
        for (var i = 0; i < 20; i++)
        {
            await WriteAsync(dataSource, $"after-{i}");
        }
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
        var unavailable = dataSource.UnavailableTime;
        await Task.Delay(100);
        Assert.Equal(unavailable, dataSource.UnavailableTime);
        await using var connection = await dataSource.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM failover_writes WHERE what LIKE 'before-%'", connection);
        Assert.Equal(8L, await count.ExecuteScalarAsync());
    }

    private static IHost Build(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:ConnectionString"] = connectionString });
        builder.AddEcommerceDatabase();
        return builder.Build();
    }

    /// <summary>A write, which a standby would refuse.</summary>
    private static async Task CreateTableAsync(PooledDataSource dataSource)
    {
        await using var connection = await dataSource.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE TABLE failover_writes (what text)", connection);
        await create.ExecuteNonQueryAsync();
    }

    private static async Task WriteAsync(PooledDataSource dataSource, string what)
    {
        await using var connection = await dataSource.OpenAsync();
        await using var write = new NpgsqlCommand("INSERT INTO failover_writes VALUES ($1)", connection);
        write.Parameters.Add(new NpgsqlParameter<string> { TypedValue = what });
        await write.ExecuteNonQueryAsync();
    }

    private static async Task<bool> TryWriteAsync(PooledDataSource dataSource, string what)
    {
        try
        {
            await WriteAsync(dataSource, what);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
