using System.Net;
using System.Net.Http.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// The two kinds of port (api.md, Operations) on both hosts of the API, the co-hosting silo and the
/// API process: the public port serves the shop and health, the operator port health, metrics,
/// the dashboard and diagnostics, and neither serves the other's. Before, every port of a host
/// served everything: <c>/metrics</c> to anyone on the public port, the shop and
/// <c>/dev/token</c> on the silo's operator port.
/// </summary>
public sealed class OperatorPortTests(CoHostedShopFixture shop) : IClassFixture<CoHostedShopFixture>
{
    public static TheoryData<string> Hosts => new() { "silo", "api" };

    private static readonly (string Method, string Path)[] OperatorEndpoints =
        [("GET", "/metrics"), ("GET", "/dashboard/"), ("GET", "/dashboard/ClusterStats"), ("POST", "/diagnostics/memory")];

    private static readonly (string Method, string Path)[] ShopEndpoints =
        [("GET", "/api/products"), ("GET", "/api/cart"), ("POST", "/dev/token"), ("GET", "/"), ("GET", "/openapi/v1.json"), ("GET", "/scalar/")];

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task ThePublicPortServesNothingForOperatorsEvenWithTheCredential(string host)
    {
        var client = SignIn.AsOperator(Factory(host).CreateClient());

        foreach (var (method, path) in OperatorEndpoints)
        {
            await AssertAnswersAsync(client, method, path, HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task TheOperatorPortServesNeitherTheShopNorTokens(string host)
    {
        var customer = await SignIn.AsAsync(Factory(host).CreateClient(), $"c-{Guid.NewGuid():N}");
        var client = Factory(host).CreateOperatorClient();
        client.DefaultRequestHeaders.Authorization = customer.DefaultRequestHeaders.Authorization;

        foreach (var (method, path) in ShopEndpoints)
        {
            await AssertAnswersAsync(client, method, path, HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task MetricsOnTheOperatorPortTakeTheOperatorCredential(string host)
    {
        var anonymous = await Factory(host).CreateOperatorClient().GetAsync("/metrics");
        var signedIn = await SignIn.AsOperator(Factory(host).CreateOperatorClient()).GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains("dotnet_gc_collections_total", await signedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task MetricsNeedNoCredentialFromTheNetworkOpenToScrapersAndOnlyFromIt(string host)
    {
        var scraper = LoopbackClient.From(CoHostedShopFixture.ScraperAddress, Factory(host).OperatorAddress);
        var neighbour = LoopbackClient.From(IPAddress.Parse("127.0.0.3"), Factory(host).OperatorAddress);
        var scraperAtThePublicPort = LoopbackClient.From(CoHostedShopFixture.ScraperAddress, Factory(host).ClientOptions.BaseAddress);

        var scraped = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.StartsWith("text/plain", scraped.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await neighbour.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scraperAtThePublicPort.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task TheNetworkOpenToScrapersReadsMetricsButCannotOperate()
    {
        var scraper = LoopbackClient.From(CoHostedShopFixture.ScraperAddress, shop.Silo.OperatorAddress);

        Assert.Equal(HttpStatusCode.Unauthorized, (await scraper.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await scraper.PostAsync("/diagnostics/memory", null)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task HealthAnswersOnEveryPort(string host)
    {
        foreach (var client in new[] { Factory(host).CreateClient(), Factory(host).CreateOperatorClient() })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
            await Poll.UntilAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
                $"{client.BaseAddress} is ready", TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public void AnApiThatDoesNotListenOnItsOperatorPortRefusesToStartNamingTheSetting()
    {
        var elsewhere = FreePorts.Next();
        using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId,
            overrides: new Dictionary<string, string?> { ["Operator:Port"] = elsewhere.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var error = Assert.ThrowsAny<InvalidOperationException>(api.StartServer);

        Assert.Contains($"Operator:Port is {elsewhere}", error.Message, StringComparison.Ordinal);
    }

    private IHostUnderTest Factory(string host) => host == "silo" ? shop.Silo : shop.Api;

    private static async Task AssertAnswersAsync(HttpClient client, string method, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { customerId = "mallory", admin = true });
        }
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == expected, $"{method} {client.BaseAddress}{path.TrimStart('/')}: {(int)response.StatusCode}, not {(int)expected}");
    }
}
