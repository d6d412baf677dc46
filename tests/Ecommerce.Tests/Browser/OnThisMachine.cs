using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Ecommerce.Tests.Browser;

/// <summary>
/// Holds a browser context to this machine: every HTTP request and WebSocket its pages open
/// goes through here, reaches its loopback host, or is refused and recorded in <see cref="Elsewhere"/>.
/// </summary>
internal sealed class OnThisMachine
{
    /// <summary>What the pages tried to reach elsewhere, as "METHOD url".</summary>
    public ConcurrentQueue<string> Elsewhere { get; } = new();

    public static async Task<OnThisMachine> GuardAsync(IBrowserContext context)
    {
        var guard = new OnThisMachine();
        await context.RouteAsync("**/*", async route =>
        {
            if (IsLocal(route.Request.Url))
            {
                await route.ContinueAsync();
                return;
            }
            guard.Elsewhere.Enqueue($"{route.Request.Method} {route.Request.Url}");
            await route.AbortAsync("blockedbyclient");
        });
        await context.RouteWebSocketAsync("**/*", async socket =>
        {
            if (IsLocal(socket.Url))
            {
                socket.ConnectToServer();
                return;
            }
            guard.Elsewhere.Enqueue($"WebSocket {socket.Url}");
            await socket.CloseAsync();
        });
        return guard;
    }

    /// <summary>A loopback host, or a URL that names no host (data:, blob:, about:).</summary>
    public static bool IsLocal(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }
        if (uri.Scheme is not ("http" or "https" or "ws" or "wss"))
        {
            return uri.Scheme is "data" or "blob" or "about";
        }
        return uri.IsLoopback; // 127.0.0.0/8, ::1 and localhost
    }
}
