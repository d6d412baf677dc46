using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Simulators;

/// <summary>The simulators keep the promises the checkout relies on.</summary>
public sealed class SimulatorTests : IAsyncLifetime, IDisposable
{
    private readonly SimulatorFactory _simulators = new(new Dictionary<string, string?> { ["Simulators:ReservationTtl"] = "00:00:01" });
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _simulators.StartServer();
        _client = _simulators.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _simulators.DisposeAsync();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task AReplayedChargeKeyReturnsTheFirstChargeAndAnotherBodyIsRefused()
    {
        var first = await ChargeAsync("k1", 10m);
        var again = await ChargeAsync("k1", 10m);
        var other = await ChargeAsync("k1", 11m);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await IdOf(first), await IdOf(again));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Single(await _simulators.ChargesAsync());
    }

    [Fact]
    public async Task TheGatewayWantsItsKey()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/charges") { Content = JsonContent.Create(new { amount = 1m, currency = "USD", reference = "r" }) };
        request.Headers.Add("Idempotency-Key", "k");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task ARefundIsMadeOncePerKey()
    {
        var chargeId = await IdOf(await ChargeAsync("k2", 20m));

        var refunds = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RefundAsync("r2", chargeId)));

        Assert.All(refunds, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(20m, Assert.Single(await _simulators.ChargesAsync()).GetProperty("refundedAmount").GetDecimal());
    }

    [Fact]
    public async Task AnUncommittedReservationExpiresAndAReleasedOneCannotBeReservedAgain()
    {
        await _simulators.SetStockAsync("S1", 5);

        var reserved = await _client.PostAsJsonAsync("/inventory/reservations", new { reservationId = "o1", items = new[] { new { sku = "S1", quantity = 2 } } });
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        Assert.Equal((3, 2), await _simulators.StockAsync("S1"));

        await Poll.UntilAsync(async () => await _simulators.StockAsync("S1") == (5, 0), "the reservation expires", TimeSpan.FromSeconds(10));

        await _client.PostAsJsonAsync("/inventory/reservations/o2/release", new { });
        var late = await _client.PostAsJsonAsync("/inventory/reservations", new { reservationId = "o2", items = new[] { new { sku = "S1", quantity = 1 } } });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal((5, 0), await _simulators.StockAsync("S1"));
    }

    [Fact]
    public async Task ADuplicateEmailIsDeliveredOnce()
    {
        for (var i = 0; i < 3; i++)
        {
            var response = await _client.PostAsJsonAsync("/email/messages", new { id = "m1", to = "a@b.example", subject = "Hi", body = "x", orderId = "o" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        Assert.Single(await _simulators.EmailsAsync());
    }

    [Theory]
    [InlineData("""{"payment": {"errorRate": 1.5}}""")]
    [InlineData("""{"inventory": {"timeoutRate": -0.1}}""")]
    [InlineData("""{"email": {"latencyMs": -1}}""")]
    public async Task OutOfRangeFaultsAreRefused(string json)
    {
        var response = await _client.PutAsync("/control/faults", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ARefundByChargeKeyRefundsWhatLandedAndClosesTheKeyAgainstALaterCharge()
    {
        // Landed first, then refunded by its key: the whole amount comes back.
        Assert.Equal(HttpStatusCode.Created, (await ChargeAsync("landed", 30m)).StatusCode);
        var refund = await RefundAsync("refund-landed", new { chargeKey = "landed" });
        Assert.Equal(HttpStatusCode.Created, refund.StatusCode);
        Assert.Equal(30m, (await refund.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("amount").GetDecimal());

        // Refunded by its key before it arrived: nothing refunded, and the late charge is refused.
        var early = await RefundAsync("refund-late", new { chargeKey = "late" });
        Assert.Equal(0m, (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("amount").GetDecimal());
        Assert.Equal(HttpStatusCode.Conflict, (await ChargeAsync("late", 30m)).StatusCode);

        var charges = await _client.GetFromJsonAsync<List<JsonElement>>("/control/charges");
        var standing = charges!.Where(c => c.GetProperty("amount").GetDecimal() > c.GetProperty("refundedAmount").GetDecimal());
        Assert.DoesNotContain(standing, c => c.GetProperty("idempotencyKey").GetString() is "landed" or "late");
        Assert.DoesNotContain(charges!, c => c.GetProperty("idempotencyKey").GetString() == "late");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"chargeId\":\"ch_1\",\"chargeKey\":\"k\"}")]
    public async Task ARefundNamesItsChargeOneWay(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/refunds") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", $"r-{Guid.NewGuid():N}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorFactory.PaymentKey);

        Assert.Equal(HttpStatusCode.BadRequest, (await _client.SendAsync(request)).StatusCode);
    }

    private Task<HttpResponseMessage> ChargeAsync(string key, decimal amount)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/charges") { Content = JsonContent.Create(new { amount, currency = "USD", reference = "ref" }) };
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorFactory.PaymentKey);
        return _client.SendAsync(request);
    }

    private Task<HttpResponseMessage> RefundAsync(string key, string chargeId) => RefundAsync(key, new { chargeId });

    private Task<HttpResponseMessage> RefundAsync(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/refunds") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorFactory.PaymentKey);
        return _client.SendAsync(request);
    }

    private static async Task<string> IdOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
}
