using System.Globalization;
using System.Text;
using System.Text.Json;
using Ecommerce.Grains.Interfaces.Orders;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Ecommerce.Api.Orders;

/// <summary>
/// <c>GET /api/orders/{id}/events</c> as Server-Sent Events: the order's timeline after the
/// client's <c>Last-Event-ID</c>, then each new status as the order grain stores it, fed by the
/// grain's <see cref="IOrderGrain.WatchAsync"/> enumeration (which long-polls the grain, so the
/// wait holds no thread and no database connection here or in the silo). If the silo holding
/// the order stops, the enumeration ends and is opened again after the last event sent: the
/// client sees no gap and no duplicate. The stream closes after a final status.
/// </summary>
public sealed partial class OrderEventsResult(IOrderGrain order, int afterEvent, IDisposable lease) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var http = httpContext;
        using var _ = lease;
        var options = http.RequestServices.GetRequiredService<IOptions<OrderStreamOptions>>().Value;
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var logger = http.RequestServices.GetRequiredService<ILogger<OrderEventsResult>>();
        var heartbeat = options.HeartbeatInterval;
        var aborted = http.RequestAborted;
        // The stream's place is free the moment the client goes: closing the grain's enumeration
        // afterwards waits on its pending long poll (3 s co-hosted, one grain call's timeout), and a
        // browser's EventSource is back within about 3 s. The lease releases once, whichever comes first.
        using var release = aborted.Register(lease.Dispose);

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        await http.Response.Body.FlushAsync(aborted);

        var sent = afterEvent;
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                try
                {
                    if (await RelayAsync(http, order.WatchAsync(sent), json, heartbeat, e => sent = e, aborted))
                    {
                        return;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The order's silo stopped or a call failed: open it again after the last event sent.
                    LogReopened(logger, ex, sent);
                    await Task.Delay(TimeSpan.FromMilliseconds(250), aborted);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left.
        }
    }

    /// <summary>Writes events as they come, a comment while idle; true once the stream is over.</summary>
    private static async Task<bool> RelayAsync(HttpContext http, IAsyncEnumerable<OrderEvent> events, JsonSerializerOptions json,
        TimeSpan heartbeat, Action<int> sent, CancellationToken aborted)
    {
        await using var enumerator = events.GetAsyncEnumerator(aborted);
        var next = enumerator.MoveNextAsync().AsTask();
        while (true)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            var tick = Task.Delay(heartbeat, idle.Token);
            if (await Task.WhenAny(next, tick) == tick)
            {
                await WriteAsync(http, ": keep-alive\n\n", aborted);
                continue;
            }
            await idle.CancelAsync();
            if (!await next)
            {
                return true; // ended without a final status: the order is gone
            }
            var e = enumerator.Current;
            var data = JsonSerializer.Serialize(OrderResponse.From(e.Order), json);
            await WriteAsync(http, string.Create(CultureInfo.InvariantCulture, $"id: {e.Id}\nevent: status\ndata: {data}\n\n"), aborted);
            sent(e.Id);
            if (e.Order.IsFinal)
            {
                return true;
            }
            next = enumerator.MoveNextAsync().AsTask();
        }
    }

    private static async Task WriteAsync(HttpContext http, string text, CancellationToken aborted)
    {
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), aborted);
        await http.Response.Body.FlushAsync(aborted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order stream reopened after event {Sent}")]
    private static partial void LogReopened(ILogger logger, Exception reason, int sent);
}
