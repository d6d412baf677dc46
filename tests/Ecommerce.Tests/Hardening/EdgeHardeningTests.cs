using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ecommerce.Api.Http;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ecommerce.Tests.Hardening;

/// <summary>What an attacker or a careless client finds at the edge: headers, wording, hosts, proxies.</summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class EdgeHardeningTests(ShopFixture shop)
{
    [Fact]
    public async Task EveryResponseSaysNosniffAndCustomerDataIsNeverCached()
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        var checkout = await shopper.CheckoutAsync(Shopper.NewKey());
        var orderId = (await checkout.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var publicAnswers = new[]
        {
            await shop.Anonymous().GetAsync("/api/products"),
            await shop.Anonymous().GetAsync("/api/products/does-not-exist"),
            await shop.Anonymous().GetAsync("/health/live"),
            await shop.Anonymous().GetAsync("/openapi/v1.json"),
        };
        var privateAnswers = new[]
        {
            checkout,
            await shopper.Client.GetAsync("/api/cart"),
            await shopper.Client.GetAsync("/api/orders"),
            await shopper.Client.GetAsync($"/api/orders/{orderId}"),
            await shop.Anonymous().PostAsJsonAsync("/dev/token", new { customerId = "someone" }),
        };

        Assert.All(publicAnswers.Concat(privateAnswers), r =>
            Assert.Equal("nosniff", r.Headers.TryGetValues("X-Content-Type-Options", out var v) ? v.Single() : null));
        Assert.All(privateAnswers, r => Assert.True(r.Headers.CacheControl?.NoStore, $"{r.RequestMessage?.RequestUri}: {r.Headers.CacheControl}"));
        Assert.NotEqual(true, publicAnswers[0].Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("POST", "/api/checkout", null, "body")]
    [InlineData("POST", "/api/checkout", "", "body")]
    [InlineData("PUT", "/api/cart/items/X1", null, "body")]
    [InlineData("GET", "/api/products?page=abc", null, "page")]
    [InlineData("GET", "/api/products?pageSize=1e3", null, "pageSize")]
    [InlineData("GET", "/api/orders?page=99999999999", null, "page")]
    public async Task ARequestThatCannotBeBoundIsAValidationProblemInOurWords(string method, string path, string? json, string field)
    {
        var client = await shop.CustomerAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Idempotency-Key", Shopper.NewKey());
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);

        var problem = await ProblemAssert.IsValidationProblemAsync(response, field);
        var text = problem.ToString();
        Assert.DoesNotContain("Implicit body", text, StringComparison.Ordinal);
        Assert.DoesNotContain("inferred", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to bind", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"int ", text, StringComparison.Ordinal);
    }

    /// <summary>api.md: messages in the service's own words, naming each field as the JSON or the query names it.</summary>
    public static TheoryData<string, string, string?, string, string> Wording => new()
    {
        { "PUT", "/api/cart/items/W1", """{"quantity": 0}""", "quantity", "quantity must be from 1 to 99." },
        { "POST", "/api/checkout", Checkout(line1: null), "shippingAddress.line1", "shippingAddress.line1 is required." },
        { "POST", "/api/checkout", Checkout(country: "gb"), "shippingAddress.country", "shippingAddress.country must be a two-letter ISO 3166-1 code, in capitals." },
        { "POST", "/api/checkout", Checkout(email: null), "email", "email is required." },
        { "POST", "/api/checkout", Checkout(email: $"{new string('e', 250)}@b.example"), "email", "email must be at most 254 characters long." },
        { "POST", "/api/products", Product("0"), "price.amount", "price.amount must be from 0.01 to 1000000.00." },
        { "POST", "/api/products", Product("1.005"), "price.amount", "price.amount has at most two decimal places." },
        { "POST", "/api/products", Product("1", "EUR"), "price.currency", "price.currency must be USD: the shop sells in USD only." },
        { "POST", "/api/products", """{"sku": "W1", "name": "", "category": "k", "price": {"amount": 1, "currency": "USD"}}""", "name", "name is required." },
        { "POST", "/api/orders/ord_x/ship", """{"carrier": "DHL", "trackingNumber": "%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%"}""", "trackingNumber",
            "trackingNumber must be 1 to 64 characters long." },
        { "PUT", "/api/cart/items/W1", """{"quantity": 1, "note": "x"}""", "note", "note is not part of the request." },
        { "GET", "/api/products?pageSize=101", null, "pageSize", "pageSize must be from 1 to 100." },
        { "GET", "/api/orders?page=0", null, "page", "page must be from 1 to 1000000." },
        { "GET", "/api/products?page=abc", null, "page", "page does not hold a value of its type." },
    };

    [Theory]
    [MemberData(nameof(Wording))]
    public async Task AValidationMessageNamesTheFieldAsTheRequestDoes(string method, string path, string? json, string field, string message)
    {
        var admin = await shop.AdminAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Idempotency-Key", Shopper.NewKey());
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var problem = await ProblemAssert.IsValidationProblemAsync(await admin.SendAsync(request), field);

        Assert.Equal([message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));
    }

    private static string Checkout(string? email = "a@b.example", string? line1 = "1 Main St", string country = "GB") =>
        JsonSerializer.Serialize(new { email, shippingAddress = new { name = "Ada", line1, city = "London", postalCode = "N1", country } });

    private static string Product(string amount, string currency = "USD") =>
        $$$"""{"sku": "W-{{{Guid.NewGuid():N}}}", "name": "Mug", "category": "k", "price": {"amount": {{{amount}}}, "currency": "{{{currency}}}"}}""";

    [Fact]
    public async Task TheOpenApiDocumentNeverNamesTheRequestsHost()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "attacker.example:8443";

        var response = await shop.Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("attacker.example", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDocumentNamesTheConfiguredPublicAddressAndOnlyAllowedHostsAreAnswered()
    {
        await using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, overrides: new Dictionary<string, string?>
        {
            ["Http:PublicUrl"] = "https://shop.example/",
            ["AllowedHosts"] = "shop.example;127.0.0.1",
        });
        api.StartServer();
        var client = api.CreateClient();
        var foreign = new HttpRequestMessage(HttpMethod.Get, "/api/products");
        foreign.Headers.Host = "attacker.example";

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var refused = await client.SendAsync(foreign);

        Assert.Equal("https://shop.example", Assert.Single(document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ForwardedForIsIgnoredUnlessTheProxyIsTrusted()
    {
        var limits = new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:AnonymousPermitsPerSecond"] = "1",
            ["RateLimits:AnonymousBurst"] = "2",
        };
        await using var direct = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, overrides: limits);
        await using var proxied = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId,
            overrides: new Dictionary<string, string?>(limits) { ["Http:TrustedProxies:0"] = "127.0.0.1" });
        direct.StartServer();
        proxied.StartServer();

        // Untrusted: every "client" is the one loopback caller, so they share one bucket.
        var spoofed = await BurstAsync(direct.CreateClient());
        // Trusted proxy: each forwarded client has a bucket of its own.
        var forwarded = await BurstAsync(proxied.CreateClient());

        Assert.Contains(spoofed, s => s == HttpStatusCode.TooManyRequests);
        Assert.All(forwarded, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    /// <summary>Two requests each from six claimed client addresses.</summary>
    private static async Task<List<HttpStatusCode>> BurstAsync(HttpClient client)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/api/products?pageSize=1");
                request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
                statuses.Add((await client.SendAsync(request)).StatusCode);
            }
        }
        return statuses;
    }

    [Theory]
    [InlineData("22021", HttpStatusCode.BadRequest)] // invalid byte sequence (a NUL in text)
    [InlineData("23505", HttpStatusCode.BadRequest)] // unique violation
    [InlineData("53300", HttpStatusCode.ServiceUnavailable)] // too many connections: overloaded
    [InlineData("57P01", HttpStatusCode.ServiceUnavailable)] // the server is shutting down
    public async Task ADatabaseRefusingAValueIsTheRequestsFaultButAnOverloadedOneIsUnavailable(string sqlState, HttpStatusCode expected)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = new ApiExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<ApiExceptionHandler>.Instance);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();

        await handler.TryHandleAsync(context, new PostgresException("refused", "ERROR", "ERROR", sqlState), CancellationToken.None);

        Assert.Equal((int)expected, context.Response.StatusCode);
    }

    [Fact]
    public async Task TenThousandProbesOfUnknownSkusAndOrderIdsLeaveNoActivationsBehind()
    {
        var management = shop.Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        async Task<int> ActivationsAsync() => (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("ProductGrain", StringComparison.Ordinal) || s.GrainType.Contains("OrderGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
        var baseline = await ActivationsAsync();
        var anonymous = shop.Anonymous();
        var customer = await shop.CustomerAsync();

        var probes = Enumerable.Range(0, 10_000).Select(i => i % 2 == 0
            ? $"/api/products/probe-{Guid.NewGuid():N}"
            : $"/api/orders/{OrderIds.For("nobody", Guid.NewGuid().ToString())}");
        var statuses = new List<HttpStatusCode>();
        foreach (var chunk in probes.Chunk(50))
        {
            statuses.AddRange(await Task.WhenAll(chunk.Select(async path =>
                (await (path.StartsWith("/api/orders", StringComparison.Ordinal) ? customer : anonymous).GetAsync(path)).StatusCode)));
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NotFound, s));
        await Poll.UntilAsync(async () => await ActivationsAsync() <= baseline, "the probes' activations are gone", TimeSpan.FromMinutes(1));
    }
}
