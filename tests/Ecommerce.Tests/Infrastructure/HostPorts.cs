using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>The two ports a host under test listens on, as deployed: a public one and the operator's (<c>Operator:Port</c>).</summary>
internal sealed class HostPorts
{
    public int Public { get; } = FreePorts.Next();
    public int Operator { get; } = FreePorts.Next();

    public Uri OperatorAddress => new($"http://127.0.0.1:{Operator}/");

    public KeyValuePair<string, string?> Setting => new("Operator:Port", Operator.ToString(CultureInfo.InvariantCulture));

    /// <summary>The operator port first: a factory's own clients (<c>CreateClient</c>) take the last address, the public one.</summary>
    public void Listen(KestrelServerOptions kestrel)
    {
        kestrel.Listen(IPAddress.Loopback, Operator);
        kestrel.Listen(IPAddress.Loopback, Public);
    }
}
