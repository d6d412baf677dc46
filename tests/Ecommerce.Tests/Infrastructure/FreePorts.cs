using System.Net;
using System.Net.Sockets;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>Loopback ports nobody listens on, never the same one twice in a run: Orleans listeners share ports silently.</summary>
internal static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
