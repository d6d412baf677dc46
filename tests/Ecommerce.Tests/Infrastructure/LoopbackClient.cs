using System.Net;
using System.Net.Sockets;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// Clients that connect from a chosen loopback address, for what a host decides by the client's
/// address (a lockout, a network open to scrapers); hosts listen on 127.0.0.1, which every
/// 127.x.y.z reaches.
/// </summary>
internal static class LoopbackClient
{
    public static HttpClient From(IPAddress source, Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }
}
