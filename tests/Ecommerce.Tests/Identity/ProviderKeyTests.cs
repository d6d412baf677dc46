using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Identity;

/// <summary>
/// The provider's keys over time, each test with a provider and an API process of its own:
/// rotation followed without a restart, and a provider that hangs or is gone never makes an
/// answer wait or fail beyond a token's own verdict.
/// </summary>
[Collection(ProviderCollectionDefinition.Name)]
public sealed class ProviderKeyTests(ProviderShopFixture shop)
{
    /// <summary>Well under any deadline of the API's (a grain call's is 3 s); the provider's fetch may take 2 s.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task ANewlyPublishedKeyIsAcceptedAndAWithdrawnOneRefusedWithoutARestart()
    {
        ProviderKey a = ProviderKey.New("a"), b = ProviderKey.New("b"), c = ProviderKey.New("c");
        await using var provider = await OidcProvider.StartAsync(a);
        await using var api = shop.StartApi(ProviderShopFixture.SettingsFor(provider));
        var customer = $"c-{Guid.NewGuid():N}";
        var signedByA = await provider.TokenAsync(customer);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(api, signedByA));

        await provider.RestartAsync(b, a); // b signs from now on, a is still published
        var signedByB = await provider.TokenAsync(customer);
        await Poll.UntilAsync(async () => await StatusAsync(api, signedByB) == HttpStatusCode.OK,
            "a token signed with the newly published key is accepted once the keys are refetched");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(api, signedByA));

        await provider.RestartAsync(c, b); // a is withdrawn; c's first token makes the API refetch
        var signedByC = await provider.TokenAsync(customer);
        await Poll.UntilAsync(async () => await StatusAsync(api, signedByC) == HttpStatusCode.OK, "the key c is fetched");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(api, signedByA));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(api, signedByB));
    }

    [Fact]
    public async Task AProviderThatHangsOrIsGoneLeavesKnownKeysWorkingAndNoAnswerWaiting()
    {
        await using var provider = await OidcProvider.StartAsync(ProviderKey.New());
        await using var api = shop.StartApi(ProviderShopFixture.SettingsFor(provider));
        var known = await provider.TokenAsync($"c-{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(api, known));
        var unknownKey = ForgedTokens.Rsa(RSA.Create(2048), new() { ["kid"] = "unknown" }, ForgedTokens.Claims(provider.Issuer, OidcProvider.Audience));

        await provider.FreezeAsync(); // accepts connections, answers nothing
        await AssertAnswersAsync(api, known, unknownKey, "hung");
        await provider.ThawAsync();
        await provider.StopAsync(); // nothing listens
        await AssertAnswersAsync(api, known, unknownKey, "gone");
    }

    /// <summary>A provider that hangs from the start: no key was ever fetched, so a token is a prompt 503, and readiness says why until the keys come.</summary>
    [Fact]
    public async Task BeforeAnyKeyWasFetchedATokenIsAPrompt503AndReadinessWaitsForTheKeys()
    {
        await using var provider = await OidcProvider.StartAsync(ProviderKey.New());
        var token = await provider.TokenAsync($"c-{Guid.NewGuid():N}");
        await provider.FreezeAsync();
        await using var api = shop.StartApi(ProviderShopFixture.SettingsFor(provider));

        var clock = Stopwatch.StartNew();
        var response = await api.CreateClient().SendAsync(Get(token));
        Assert.True(clock.Elapsed < Prompt, $"The answer took {clock.Elapsed.TotalSeconds:0.00} s.");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        var ready = await api.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/api/products")).StatusCode); // the catalog needs no token

        await provider.ThawAsync();
        await Poll.UntilAsync(async () => (await api.CreateClient().GetAsync("/health/ready")).IsSuccessStatusCode, "the API is ready once the keys are fetched");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(api, token));
    }

    private static async Task AssertAnswersAsync(ApiFactory api, string known, string unknownKey, string provider)
    {
        for (var i = 0; i < 3; i++)
        {
            foreach (var (token, expected) in new[] { (known, HttpStatusCode.OK), (unknownKey, HttpStatusCode.Unauthorized) })
            {
                var clock = Stopwatch.StartNew();
                var status = await StatusAsync(api, token);
                Assert.True(status == expected && clock.Elapsed < Prompt,
                    $"With the provider {provider}: {(int)status} in {clock.Elapsed.TotalSeconds:0.00} s, expected {(int)expected} promptly.");
            }
            Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health/ready")).StatusCode); // the keys were fetched once
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(ApiFactory api, string token) =>
        (await api.CreateClient().SendAsync(Get(token))).StatusCode;

    private static HttpRequestMessage Get(string token) =>
        new(HttpMethod.Get, "/api/orders") { Headers = { Authorization = new("Bearer", token) } };
}
