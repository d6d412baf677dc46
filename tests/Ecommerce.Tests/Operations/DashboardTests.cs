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
    [Fact]
    public async Task TheDashboardAsksForTheOperatorCredential()
    {
        var response = await shop.Silo.CreateClient().GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("operator", "wrong-password-123")]
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

    private Task<HttpResponseMessage> GetAsync(string path, string user, string password)
    {
        var client = shop.Silo.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client.GetAsync(path);
    }
}
