using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ecommerce.Api.Identity;
using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Ecommerce.Tests.Identity;

/// <summary>
/// Every token attack of issue 24 against the API that trusts a real provider: each is a 401 on
/// a customer's and an admin's endpoint, and none makes the API fetch anything from an address
/// the token names. A token forged the same way but signed with the provider's own key is
/// accepted, so each refusal is the attack's.
/// </summary>
[Collection(ProviderCollectionDefinition.Name)]
public sealed class ProviderAttackTests(ProviderShopFixture shop) : IDisposable
{
    private readonly TcpListener _attacker = StartAttackerServer();

    public static TheoryData<string> Attacks() =>
    [
        "alg none", "alg none without a kid", "HS256 keyed with the provider's public key (PEM)", "HS256 keyed with the provider's JWK",
        "HS256 keyed with the provider's modulus", "HS256 keyed with the development secret", "ES256 by the development issuer",
        "jku naming the attacker's JWKS", "x5u naming the attacker's certificate", "kid naming the attacker's JWKS",
        "kid naming a file, HS256 with an empty key", "the provider's kid with the attacker's signature", "jwk header with the attacker's key",
        "a genuine token with its claims changed",
    ];

    [Fact]
    public async Task ATokenForgedAsTheAttacksAreButSignedWithTheProvidersKeyIsAccepted()
    {
        var key = shop.Provider.Keys[0];
        var token = ForgedTokens.Rsa(key.Rsa, new() { ["kid"] = key.Kid, ["typ"] = "at+jwt" }, Claims());

        Assert.Equal(HttpStatusCode.OK, (await Client(token).GetAsync("/api/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client(token).PostAsJsonAsync("/api/products", Products.Body(Products.NewSku("FG")))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task AnAttackIsUnauthorizedAndFetchesNothing(string attack)
    {
        var token = await ForgeAsync(attack);

        await ProblemAssert.IsProblemAsync(await Client(token).GetAsync("/api/orders"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await Client(token).PostAsJsonAsync("/api/products", Products.Body(Products.NewSku("AT"))), HttpStatusCode.Unauthorized);
        Assert.False(_attacker.Pending(), $"{attack}: the API connected to the attacker's address.");
    }

    [Fact]
    public async Task AGenuineTokenForAnotherAudienceIsUnauthorized()
    {
        var token = await shop.Provider.TokenAsync($"c-{Guid.NewGuid():N}", resource: "urn:another-api");

        await ProblemAssert.IsProblemAsync(await Client(token).GetAsync("/api/orders"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AGenuineTokenOfAnotherProviderIsUnauthorized()
    {
        await using var other = await OidcProvider.StartAsync(ProviderKey.New());
        var token = await other.TokenAsync($"c-{Guid.NewGuid():N}");

        await ProblemAssert.IsProblemAsync(await Client(token).GetAsync("/api/orders"), HttpStatusCode.Unauthorized);
    }

    /// <summary>
    /// Made-up key ids each ask for a refetch, and the configuration manager grants one per
    /// <c>Auth:RefreshInterval</c> (a second here): 60 of them in a burst fetch the JWKS a few times, not 60.
    /// </summary>
    [Fact]
    public async Task AFloodOfMadeUpKeyIdsRefetchesTheKeysAtABoundedRate()
    {
        var attacker = RSA.Create(2048);
        var before = await shop.Provider.JwksFetchesAsync();
        var clock = Stopwatch.StartNew();

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ =>
            Client(ForgedTokens.Rsa(attacker, new() { ["kid"] = Guid.NewGuid().ToString("N") }, Claims())).GetAsync("/api/orders")));
        await Task.Delay(TimeSpan.FromSeconds(1)); // a refetch the burst started ends

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        var fetches = await shop.Provider.JwksFetchesAsync() - before;
        var allowed = (int)clock.Elapsed.TotalSeconds + 2;
        Assert.True(fetches <= allowed, $"{fetches} JWKS fetches for 60 made-up kids in {clock.Elapsed.TotalSeconds:0.0} s; at most {allowed} expected.");
    }

    public void Dispose() => _attacker.Dispose();

    private async Task<string> ForgeAsync(string attack)
    {
        var key = shop.Provider.Keys[0];
        var attacker = RSA.Create(2048);
        var attackerUrl = $"http://127.0.0.1:{((IPEndPoint)_attacker.LocalEndpoint).Port}";
        var claims = Claims();
        return attack switch
        {
            "alg none" => ForgedTokens.Unsigned(new() { ["alg"] = "none", ["kid"] = key.Kid }, claims),
            "alg none without a kid" => ForgedTokens.Unsigned(new() { ["alg"] = "none", ["typ"] = "JWT" }, claims),
            "HS256 keyed with the provider's public key (PEM)" =>
                ForgedTokens.Hmac(Encoding.ASCII.GetBytes(key.Rsa.ExportSubjectPublicKeyInfoPem()), new() { ["kid"] = key.Kid }, claims),
            "HS256 keyed with the provider's JWK" =>
                ForgedTokens.Hmac(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(key.Jwk(includePrivate: false))), new() { ["kid"] = key.Kid }, claims),
            "HS256 keyed with the provider's modulus" =>
                ForgedTokens.Hmac(key.Rsa.ExportParameters(false).Modulus!, new() { ["kid"] = key.Kid }, claims),
            "HS256 keyed with the development secret" =>
                ForgedTokens.Hmac(Encoding.UTF8.GetBytes(AuthOptions.DevelopmentSigningKey), [], claims),
            "ES256 by the development issuer" => ForgedTokens.Ecdsa(DevelopmentKey(), new() { ["kid"] = DevelopmentIssuer.KeyId }, claims),
            "jku naming the attacker's JWKS" =>
                ForgedTokens.Rsa(attacker, new() { ["kid"] = "attacker", ["jku"] = $"{attackerUrl}/jwks" }, claims),
            "x5u naming the attacker's certificate" =>
                ForgedTokens.Rsa(attacker, new() { ["kid"] = "attacker", ["x5u"] = $"{attackerUrl}/cert.pem" }, claims),
            "kid naming the attacker's JWKS" => ForgedTokens.Rsa(attacker, new() { ["kid"] = $"{attackerUrl}/jwks" }, claims),
            "kid naming a file, HS256 with an empty key" => ForgedTokens.Hmac([], new() { ["kid"] = "../../../../../../dev/null" }, claims),
            "the provider's kid with the attacker's signature" => ForgedTokens.Rsa(attacker, new() { ["kid"] = key.Kid }, claims),
            "jwk header with the attacker's key" => ForgedTokens.Rsa(attacker,
                new() { ["kid"] = "attacker", ["jwk"] = new ProviderKey("attacker", attacker).Jwk(includePrivate: false) }, claims),
            "a genuine token with its claims changed" => await AlteredAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };
    }

    /// <summary>A customer's genuine token whose payload is swapped for one naming an admin, the signature kept.</summary>
    private async Task<string> AlteredAsync()
    {
        var parts = (await shop.Provider.TokenAsync($"c-{Guid.NewGuid():N}")).Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]))!;
        payload["roles"] = new[] { "admin" };
        return $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.{parts[2]}";
    }

    private static ECDsa DevelopmentKey() =>
        ((Microsoft.IdentityModel.Tokens.ECDsaSecurityKey)new DevelopmentIssuer(Options.Create(new AuthOptions())).SigningCredentials.Key).ECDsa;

    private Dictionary<string, object> Claims() => ForgedTokens.Claims(shop.Provider.Issuer, OidcProvider.Audience);

    private HttpClient Client(string token) => ProviderShopFixture.Bearer(shop.Anonymous(), token);

    /// <summary>An address a token may name; a connection to it would wait in the listener's queue, where <see cref="TcpListener.Pending"/> sees it.</summary>
    private static TcpListener StartAttackerServer()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }
}
