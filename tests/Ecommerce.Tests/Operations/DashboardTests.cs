extern alias SiloHost;

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SiloHost::Ecommerce.Silo.Dashboard;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

[Collection(ShopCollectionDefinition.Name)]
public sealed class DashboardTests(ShopFixture shop)
{
    private const string WrongPassword = "wrong-password-123";

    [Fact]
    public async Task TheDashboardAsksForTheOperatorCredential()
    {
        var response = await shop.Silo.CreateClient().GetAsync("/dashboard/");

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

    private Task<HttpResponseMessage> GetAsync(string path, string user, string password) =>
        OperatorClient(user, password).GetAsync(path);

    private HttpClient OperatorClient(string user, string password)
    {
        var client = shop.Silo.CreateClient();
        client.DefaultRequestHeaders.Authorization = Basic(user, password);
        return client;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
