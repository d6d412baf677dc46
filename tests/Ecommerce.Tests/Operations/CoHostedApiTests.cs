using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecommerce.Api.Orders;
using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// A silo that serves the shop's API itself (<c>Api:CoHosted</c>), the run command's default, beside a
/// separate API; both open <c>/metrics</c> to a scraper at <see cref="ScraperAddress"/> alone, so that
/// every other client (127.0.0.1 included) still needs the operator credential.
/// </summary>
public sealed class CoHostedShopFixture : ShopFixture
{
    public static readonly System.Net.IPAddress ScraperAddress = System.Net.IPAddress.Parse("127.0.0.2");

    protected override IReadOnlyDictionary<string, string?> SiloSettings => new Dictionary<string, string?>(ApiSettings) { ["Api:CoHosted"] = "true" };

    protected override IReadOnlyDictionary<string, string?> ApiSettings => new Dictionary<string, string?>
    {
        ["Operator:MetricsOpenTo:0"] = $"{ScraperAddress}/32",
    };
}

public sealed class CoHostedApiTests(CoHostedShopFixture shop) : IClassFixture<CoHostedShopFixture>
{
    private HttpClient Silo() => shop.Silo.CreateClient();

    [Fact]
    public async Task TheSiloServesTheShoppingFlowFromProductToConfirmedOrder()
    {
        var sku = Products.NewSku("CO");
        await Products.CreateAsync(await SignIn.AsAsync(Silo(), $"admin-{Guid.NewGuid():N}", admin: true), Products.Body(sku, price: 4.5m));
        await shop.Simulators.SetStockAsync(sku, 10);
        var customer = new Shopper(await SignIn.AsAsync(Silo(), $"c-{Guid.NewGuid():N}"), "");

        var cart = await customer.AddAsync(sku, 2);
        Assert.Equal(9.0m, cart.GetProperty("total").GetProperty("amount").GetDecimal());
        var checkout = await customer.CheckoutAsync(Shopper.NewKey());

        Assert.Equal(HttpStatusCode.Created, checkout.StatusCode);
        var orderId = (await checkout.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var order = await customer.OrderEventuallyAsync(orderId, "Confirmed");
        Assert.Equal(9.0m, order.GetProperty("total").GetProperty("amount").GetDecimal());
        var mine = await customer.Client.GetFromJsonAsync<JsonElement>("/api/orders");
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetString() == orderId);
        var after = await customer.Client.GetFromJsonAsync<JsonElement>("/api/cart");
        Assert.Empty(after.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task BothHostsServeTheSameOpenApiDocumentWithoutTheOperatorsEndpoints()
    {
        var coHosted = await Silo().GetStringAsync("/openapi/v1.json");
        var separate = await shop.Api.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(separate), JsonNode.Parse(coHosted)), "The two hosts document different APIs.");
        var paths = JsonNode.Parse(coHosted)!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/checkout", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/dashboard", StringComparison.Ordinal) || p.StartsWith("/diagnostics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheOperatorCredentialAndCustomerTokensEachOpenOnlyTheirOwnSide()
    {
        var customer = await SignIn.AsAsync(Silo(), $"c-{Guid.NewGuid():N}");
        var operatorClient = SignIn.AsOperator(Silo());
        var customerAtTheOperatorPort = shop.Silo.CreateOperatorClient();
        customerAtTheOperatorPort.DefaultRequestHeaders.Authorization = customer.DefaultRequestHeaders.Authorization;

        Assert.Equal(HttpStatusCode.OK, (await SignIn.AsOperator(shop.Silo.CreateOperatorClient()).GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync("/api/cart")).StatusCode);
        await ProblemAsync(await customerAtTheOperatorPort.GetAsync("/dashboard/"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await operatorClient.GetAsync("/api/cart"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await Silo().GetAsync("/api/cart"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await customer.PostAsJsonAsync("/api/products", Products.Body(Products.NewSku())), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task BadInputGetsTheApisProblemDetailsFromTheSilo()
    {
        var customer = await SignIn.AsAsync(Silo(), $"c-{Guid.NewGuid():N}");

        var bad = await ProblemAsync(await customer.PutAsJsonAsync("/api/cart/items/NOPE-1", new { quantity = 0 }), HttpStatusCode.BadRequest);
        Assert.True(bad.TryGetProperty("errors", out var errors) && errors.TryGetProperty("quantity", out _), bad.ToString());
        var unknown = await ProblemAsync(await Silo().GetAsync($"/api/products/{Products.NewSku()}"), HttpStatusCode.NotFound);
        Assert.True(unknown.TryGetProperty("traceId", out _), unknown.ToString());
        var body = await ProblemAsync(await customer.PutAsync("/api/cart/items/NOPE-1",
            new StringContent("{\"quantity\": 1, \"extra\": true}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.True(body.GetProperty("errors").TryGetProperty("extra", out _), body.ToString());
    }

    /// <summary>
    /// A browser's EventSource reconnects about 3 s after its stream drops. Co-hosted, closing the
    /// order's enumeration waits out a grain call's timeout (3 s), so a stream's place must be free
    /// as soon as the server sees the client go: within milliseconds, well inside the second allowed.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OrderStreamsTheClientClosedCanBeOpenedAgainAtOnce(bool coHosted)
    {
        var (host, services) = coHosted ? (Silo(), shop.Silo.Services) : (shop.Api.CreateClient(), shop.Api.Services);
        var customerId = $"c-{Guid.NewGuid():N}";
        var shopper = new Shopper(await SignIn.AsAsync(host, customerId), customerId);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        var checkout = await shopper.CheckoutAsync(Shopper.NewKey());
        Assert.Equal(HttpStatusCode.Created, checkout.StatusCode);
        var path = $"/api/orders/{(await checkout.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()}/events";
        var max = services.GetRequiredService<IOptions<OrderStreamOptions>>().Value.MaxPerCustomer;

        var streams = new List<SseClient>();
        try
        {
            for (var i = 0; i < max; i++)
            {
                streams.Add(await SseClient.OpenAsync(shopper.Client, path));
                Assert.Equal(HttpStatusCode.OK, streams[^1].Response.StatusCode);
                // Past its history the stream waits on the order, as a browser's does.
                Assert.Equal(["Pending", "Confirmed"], new[] { await streams[^1].NextAsync(), await streams[^1].NextAsync() }.Select(e => e!.Status));
            }
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
            streams.Clear();
            for (var i = 0; i < max; i++)
            {
                streams.Add(await Poll.ForAsync(async () =>
                {
                    var stream = await SseClient.OpenAsync(shopper.Client, path);
                    if (stream.Response.StatusCode != HttpStatusCode.OK)
                    {
                        await stream.DisposeAsync();
                    }
                    return stream;
                }, s => s.Response.StatusCode == HttpStatusCode.OK, $"stream {i + 1} of {max} opens again within a second of the others closing",
                    TimeSpan.FromSeconds(1)));
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
