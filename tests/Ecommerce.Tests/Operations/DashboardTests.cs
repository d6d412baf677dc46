using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ecommerce.Grains.Interfaces;
using Ecommerce.Grains.Interfaces.Products;
using Ecommerce.Grains.Products;
using Ecommerce.ServiceDefaults.Operators;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Tests.Operations;

[Collection(ShopCollectionDefinition.Name)]
public sealed class DashboardTests(ShopFixture shop)
{
    private const string WrongPassword = "wrong-password-123";

    private static readonly Action<ILogger, string, Exception?> LogMarker =
        LoggerMessage.Define<string>(LogLevel.Information, default, "{Marker}");

    [Fact]
    public async Task TheDashboardAsksForTheOperatorCredential()
    {
        var response = await shop.Silo.CreateOperatorClient().GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("operator", WrongPassword)]
    [InlineData("someone", OperatorOptions.DevelopmentPassword)]
    public async Task AWrongCredentialIsRefused(string user, string password)
    {
        var response = await GetAsync("/dashboard/", user, password);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TheOperatorCredentialOpensTheDashboard()
    {
        var page = await GetAsync("/dashboard/", "operator", OperatorOptions.DevelopmentPassword);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("html", page.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenFailedSignInsLockTheClientOutUntilTheMinuteIsOverEvenWithTheRightCredential()
    {
        var guesser = FreshLoopbackAddress();
        using var right = OperatorFrom(guesser, OperatorOptions.DevelopmentPassword);
        using var wrong = OperatorFrom(guesser, WrongPassword);
        using var neighbour = OperatorFrom(FreshLoopbackAddress(), OperatorOptions.DevelopmentPassword);
        Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("/dashboard/")).StatusCode);

        for (var attempt = 1; attempt <= OperatorLockout.MaxFailures; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/dashboard/")).StatusCode);
        }
        var lockedOut = await right.GetAsync("/dashboard/");

        var problem = await ProblemAssert.IsProblemAsync(lockedOut, HttpStatusCode.TooManyRequests);
        Assert.Contains("retry", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        var retryAfter = lockedOut.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter > TimeSpan.Zero && retryAfter <= OperatorLockout.Window, $"Retry-After: {retryAfter}");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await wrong.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await right.PostAsync("/diagnostics/memory", null)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await right.GetAsync("/dashboard/ClusterStats")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await neighbour.GetAsync("/dashboard/")).StatusCode);
    }

    [Fact]
    public async Task SuccessfulSignInsDoNotCountTowardsTheLockout()
    {
        var address = FreshLoopbackAddress();
        using var right = OperatorFrom(address, OperatorOptions.DevelopmentPassword);
        using var wrong = OperatorFrom(address, WrongPassword);

        for (var failure = 1; failure < OperatorLockout.MaxFailures; failure++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/dashboard/")).StatusCode);
            for (var success = 0; success < 3; success++)
            {
                Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("/dashboard/")).StatusCode);
            }
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/dashboard/")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await right.GetAsync("/dashboard/")).StatusCode);
    }

    /// <summary>
    /// Dashboard routes given what they cannot take, with the status each should get. Before,
    /// a missing catch-all segment answered 400 and a silo address the dashboard cannot parse
    /// 500 (SiloStats a 200), both with a .NET stack trace from the developer exception page;
    /// an address outside the cluster answered 503 "lost connectivity". The rest never did
    /// wrong and guard the escapes, lengths and numbers that routing refuses by itself.
    /// </summary>
    public static TheoryData<string, HttpStatusCode> MalformedPaths => new()
    {
        { "/dashboard/GrainStats/", HttpStatusCode.BadRequest },
        { "/dashboard/HistoricalStats/", HttpStatusCode.BadRequest },
        { "/dashboard/SiloProperties/", HttpStatusCode.BadRequest },
        { "/dashboard/SiloMetadata/", HttpStatusCode.BadRequest },
        { "/dashboard/SiloStats/", HttpStatusCode.BadRequest },
        { "/dashboard/SiloCounters/", HttpStatusCode.BadRequest },
        { "/dashboard/img/", HttpStatusCode.BadRequest },
        { "/dashboard/fonts/", HttpStatusCode.BadRequest },
        { "/dashboard/HistoricalStats/garbage", HttpStatusCode.BadRequest },
        { "/dashboard/HistoricalStats/1.2.3.4:5:6", HttpStatusCode.BadRequest },
        { "/dashboard/SiloProperties/999.1.1.1:1@1", HttpStatusCode.BadRequest },
        { "/dashboard/SiloMetadata/garbage", HttpStatusCode.BadRequest },
        { "/dashboard/SiloStats/garbage", HttpStatusCode.BadRequest },
        { $"/dashboard/SiloCounters/{new string('9', 2000)}", HttpStatusCode.BadRequest },
        { "/dashboard/SiloProperties/127.0.0.1:1@1", HttpStatusCode.NotFound },
        { "/dashboard/HistoricalStats/127.0.0.1:1@1", HttpStatusCode.NotFound },
        { "/dashboard/%ZZ", HttpStatusCode.NotFound },
        { "/dashboard/GrainStats/%00", HttpStatusCode.BadRequest },
        { $"/dashboard/{new string('9', 2000)}", HttpStatusCode.NotFound },
        { "/dashboard/Reminders/99999999999999999999", HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(MalformedPaths))]
    public async Task AMalformedDashboardPathAnswersWithoutAStackTrace(string path, HttpStatusCode expected)
    {
        foreach (var accept in new[] { "*/*", "text/html" })
        {
            var client = OperatorClient("operator", OperatorOptions.DevelopmentPassword);
            client.DefaultRequestHeaders.Accept.ParseAdd(accept);

            var response = await client.GetAsync(path);

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"Accept {accept}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Before, the stream had no Content-Type and a browser held it back to sniff the type, so
    /// the Log Stream page stayed on "Connecting..." (see the filter's comment for the measure).
    /// </summary>
    [Fact]
    public async Task TheLogStreamIsDeclaredPlainTextAndDeliversALogLineAsItIsLogged()
    {
        var client = OperatorClient("operator", OperatorOptions.DevelopmentPassword);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/Trace");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));

        var marker = $"log-stream-test-{Guid.NewGuid():N}";
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var logger = shop.Silo.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ecommerce.Tests.Dashboard");
        // The stream subscribes to the logs only when its request arrives, a moment after the
        // headers; a line logged before then is not in it, so the line is logged until seen.
        using var logging = new Timer(_ => LogMarker(logger, marker, null), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token);
        }
        while (line is not null && !line.Contains(marker, StringComparison.Ordinal));

        Assert.NotNull(line);
    }

    /// <summary>Before, Grain Details showed <c>{}</c> for every product (dotnet/orleans#10237).</summary>
    [Fact]
    public async Task GrainDetailsShowAProductsStoredFields()
    {
        var sku = $"DASH-{Guid.NewGuid():N}";
        var grains = shop.Silo.Services.GetRequiredService<IGrainFactory>();
        await grains.GetProduct(sku).CreateAsync(new ProductDraft("Dashboard Lamp", "", "lighting", new Money(12.50m, "USD")));
        var client = OperatorClient("operator", OperatorOptions.DevelopmentPassword);

        var response = await client.GetAsync($"/dashboard/GrainState?grainId=sku:{sku}&grainType={typeof(ProductGrain).FullName}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The dashboard answers its JSON as a JSON string.
        var shown = JsonDocument.Parse(JsonSerializer.Deserialize<string>(await response.Content.ReadAsStringAsync())!).RootElement;
        var state = shown.GetProperty(nameof(IProductStateGrain.GetStateAsync));
        Assert.Equal(sku, state.GetProperty(nameof(ProductState.Sku)).GetString());
        Assert.Equal("Dashboard Lamp", state.GetProperty(nameof(ProductState.Name)).GetString());
        Assert.Equal(12.50m, state.GetProperty(nameof(ProductState.Price)).GetProperty(nameof(Money.Amount)).GetDecimal());
        Assert.True(state.GetProperty(nameof(ProductState.Active)).GetBoolean());
    }

    /// <summary>
    /// The silo page's memory gauge is floor(100 * (total - available) / total) of these
    /// figures: the GC heap in use against all the GC may use, the whole machine unless a
    /// container limit bounds it. "0 %" on a developer machine is a 70 MB silo on 24 GB, not
    /// missing data; this guards that the figures are there and add up.
    /// </summary>
    [Fact]
    public async Task TheSiloStatsReportTheMemoryInUseAndTheMemoryItIsMeasuredAgainst()
    {
        var client = OperatorClient("operator", OperatorOptions.DevelopmentPassword);
        var silo = shop.Silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

        var latest = await Poll.ForAsync(async () =>
            {
                using var stats = JsonDocument.Parse(await client.GetStringAsync($"/dashboard/HistoricalStats/{silo}"));
                return stats.RootElement.EnumerateArray().LastOrDefault(s => s.ValueKind == JsonValueKind.Object).Clone();
            },
            s => s.ValueKind == JsonValueKind.Object, "the dashboard has collected the silo's statistics");

        var used = latest.GetProperty("memoryUsage").GetInt64();
        var total = latest.GetProperty("totalPhysicalMemory").GetInt64();
        var available = latest.GetProperty("availableMemory").GetDouble();
        Assert.True(used > 0, $"memory in use: {used}");
        Assert.True(total > used, $"total {total}, in use {used}");
        Assert.Equal(total - used, available, tolerance: total * 0.0001);
    }

    private Task<HttpResponseMessage> GetAsync(string path, string user, string password) =>
        OperatorClient(user, password).GetAsync(path);

    private HttpClient OperatorClient(string user, string password)
    {
        var client = shop.Silo.CreateOperatorClient();
        client.DefaultRequestHeaders.Authorization = Basic(user, password);
        return client;
    }

    /// <summary>A client that connects from the given address, so that a lockout stays with the test that caused it.</summary>
    private HttpClient OperatorFrom(IPAddress address, string password)
    {
        var client = LoopbackClient.From(address, shop.Silo.OperatorAddress);
        client.DefaultRequestHeaders.Authorization = Basic("operator", password);
        return client;
    }

    private static IPAddress FreshLoopbackAddress() =>
        new([127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(0, 256), (byte)Random.Shared.Next(1, 255)]);

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
