using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Identity;

/// <summary>
/// A token's customer id follows the customer-id rule, whoever signed it: one that does not is
/// a 401 on every endpoint, never a 503 from the database nor a raw control character in a log.
/// </summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class CustomerIdClaimTests(ShopFixture shop)
{
    public static TheoryData<string> BadIds() => [new string('a', 3000), "a\nb", "a\0b", "a\n", "a b", ""];

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task ASignedTokenWhoseCustomerIdBreaksTheRuleIsUnauthorized(string customerId)
    {
        var sku = await Shopper.ProductAsync(shop); // a real product: the write reaches storage (a 3,000-char id was a 503)
        var client = WithToken(shop.Api.Sign(new Dictionary<string, object> { ["sub"] = customerId }));

        await ProblemAssert.IsProblemAsync(await client.PutAsJsonAsync($"/api/cart/items/{sku}", new { quantity = 1 }), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/orders"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ASignedTokenWithoutACustomerIdIsUnauthorized()
    {
        var client = WithToken(shop.Api.Sign(new Dictionary<string, object> { ["role"] = "admin" }));

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/orders"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/admin/orders"), HttpStatusCode.Unauthorized);
    }

    /// <summary>The same signing with a good id is accepted, so the refusals above are the id's.</summary>
    [Fact]
    public async Task TheSameSigningWithAGoodCustomerIdIsAccepted()
    {
        var client = WithToken(shop.Api.Sign(new Dictionary<string, object> { ["sub"] = $"c-{Guid.NewGuid():N}" }));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/orders")).StatusCode);
    }

    private HttpClient WithToken(string token)
    {
        var client = shop.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
