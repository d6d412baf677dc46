using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

[Collection(ShopCollectionDefinition.Name)]
public sealed class RateLimitTests(ShopFixture shop)
{
    [Fact]
    public async Task ABurstOverTheLimitGetsTooManyRequestsAndOthersAreUnaffected()
    {
        await using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, overrides: new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:CustomerPermitsPerSecond"] = "1",
            ["RateLimits:CustomerBurst"] = "3",
        });
        api.StartServer();
        var greedy = await SignedInAsync(api, "greedy");
        var polite = await SignedInAsync(api, "polite");

        var burst = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => greedy.GetAsync("/api/cart")));
        var other = await polite.GetAsync("/api/cart");

        var rejected = burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(rejected);
        Assert.True(burst.Count(r => r.StatusCode == HttpStatusCode.OK) <= 4);
        await ProblemAssert.IsProblemAsync(rejected[0], HttpStatusCode.TooManyRequests);
        Assert.True(rejected[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "No Retry-After.");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await greedy.GetAsync("/health/live")).StatusCode);
    }

    private static Task<HttpClient> SignedInAsync(ApiFactory api, string customer) =>
        SignIn.AsAsync(api.CreateClient(), $"{customer}-{Guid.NewGuid():N}");
}
