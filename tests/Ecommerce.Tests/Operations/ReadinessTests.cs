using System.Net;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

/// <summary>Readiness follows the database: 503 while it is down, 200 once it is back, on the silo and the API.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task ReadinessTurnsUnavailableWhileTheDatabaseIsDownAndRecovers()
    {
        await using var server = await PostgresServer.StartDedicatedAsync();
        var connectionString = await server.CreateDatabaseAsync();
        var cluster = $"ready-{Guid.NewGuid():N}";
        await using var silo = new SiloFactory(connectionString, cluster, cluster);
        silo.StartServer();
        await using var api = new ApiFactory(connectionString, cluster, cluster);
        api.StartServer();
        HttpClient[] clients = [silo.CreateClient(), api.CreateClient()];

        await AllAnswerAsync(clients, HttpStatusCode.OK);
        await server.StopAsync();
        await AllAnswerAsync(clients, HttpStatusCode.ServiceUnavailable);
        foreach (var client in clients)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        await server.StartAgainAsync();
        await AllAnswerAsync(clients, HttpStatusCode.OK);
    }

    private static async Task AllAnswerAsync(HttpClient[] clients, HttpStatusCode expected)
    {
        foreach (var client in clients)
        {
            await Poll.UntilAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == expected,
                $"{client.BaseAddress} answers {(int)expected}", TimeSpan.FromSeconds(60));
        }
    }
}
