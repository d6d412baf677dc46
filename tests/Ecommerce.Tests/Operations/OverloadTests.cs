using System.Net;
using Ecommerce.Api.Http;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// The host's admission (api.md, Operations, "Overload"): past its places and its short queue a
/// request is refused at once with 503 and Retry-After, the admitted all succeed, and the operator
/// port keeps answering. The mechanism, not its timings: those are docs/benchmarks.md's.
/// </summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class OverloadTests(ShopFixture shop)
{
    private const int Places = 2;
    private const int Queued = 2;

    [Fact]
    public async Task ABurstBeyondTheHostsPlacesIsPartlyRefusedAtOnceAndTheAdmittedAllSucceed()
    {
        await using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, overrides: new Dictionary<string, string?>
        {
            ["Admission:MaxInFlight"] = $"{Places}",
            ["Admission:MaxQueued"] = $"{Queued}",
        });
        var sku = await Shopper.ProductAsync(shop, stock: 100);
        var shoppers = new List<Shopper>();
        for (var i = 0; i < 12; i++)
        {
            var id = $"c-{Guid.NewGuid():N}";
            var client = api.CreateClient();
            // A request that hung would fail here rather than hold the test.
            client.Timeout = TimeSpan.FromSeconds(20);
            var shopper = new Shopper(await SignIn.AsAsync(client, id), id);
            await shopper.AddAsync(sku, 1);
            shoppers.Add(shopper);
        }

        // Each charge takes a second, so the first checkouts hold the places while the rest arrive.
        await shop.Simulators.SetFaultsAsync(new { payment = new { latencyMs = 1000 } });
        try
        {
            var burst = shoppers.Select(s => s.CheckoutAsync(Shopper.NewKey())).ToList();

            // The first answer is a refusal, at once: the places and the queue are full for a second.
            var first = await await Task.WhenAny(burst);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            var operatorClient = SignIn.AsOperator(api.CreateOperatorClient());
            Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/metrics")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health/live")).StatusCode);
            using var read = await api.CreateClient().GetAsync($"/api/products/{sku}");
            await ProblemAssert.IsProblemAsync(read, HttpStatusCode.ServiceUnavailable);

            var answers = await Task.WhenAll(burst);
            var seen = string.Join(", ", answers.Select(a => (int)a.StatusCode));
            var admitted = answers.Where(a => a.StatusCode != HttpStatusCode.ServiceUnavailable).ToList();
            Assert.All(admitted, a => Assert.True(a.StatusCode == HttpStatusCode.Created, $"An admitted checkout failed: {seen}"));
            Assert.True(admitted.Count is > 0 and <= Places + Queued, $"At most the places and the queue are admitted: {seen}");
            foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable))
            {
                await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
                Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "A refusal without Retry-After.");
            }
        }
        finally
        {
            await shop.Simulators.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task ARequestWaitingForAPlaceLongerThanTheQueuesDeadlineIsRefusedWhileTheSlowOneGoesOn()
    {
        await using var api = new ApiFactory(shop.ConnectionString, shop.ClusterId, shop.ServiceId, overrides: new Dictionary<string, string?>
        {
            ["Admission:MaxInFlight"] = "1",
            ["Admission:MaxQueued"] = "4",
            ["Admission:MaxQueueWait"] = "00:00:00.300",
        });
        var sku = await Shopper.ProductAsync(shop, stock: 10);
        var id = $"c-{Guid.NewGuid():N}";
        var client = api.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(20);
        var shopper = new Shopper(await SignIn.AsAsync(client, id), id);
        await shopper.AddAsync(sku, 1);

        // A charge of a second holds the host's one place; a read then queues behind it, with room in the queue.
        await shop.Simulators.SetFaultsAsync(new { payment = new { latencyMs = 1000 } });
        try
        {
            var checkout = shopper.CheckoutAsync(Shopper.NewKey());
            await Task.Delay(200);
            using var read = await api.CreateClient().GetAsync($"/api/products/{sku}");

            Assert.False(checkout.IsCompleted, "The read was answered only after the checkout that held the place.");
            await ProblemAssert.IsProblemAsync(read, HttpStatusCode.ServiceUnavailable);
            Assert.True(read.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "A refusal without Retry-After.");
            Assert.Equal(HttpStatusCode.Created, (await checkout).StatusCode);
        }
        finally
        {
            await shop.Simulators.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task ASiloSheddingLoadIsAnsweredUnavailableWithRetryAfter()
    {
        var services = shop.Api.Services;
        var handler = new ApiExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<ApiExceptionHandler>.Instance);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();

        await handler.TryHandleAsync(context, new GatewayTooBusyException(), CancellationToken.None);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.False(string.IsNullOrEmpty(context.Response.Headers.RetryAfter), "No Retry-After.");
    }
}
