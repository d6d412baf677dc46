extern alias SiloHost;

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SiloProgram = SiloHost::Program;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>One real silo process host (the Silo project's Program), in this process, on its own ports.</summary>
public sealed class SiloFactory : WebApplicationFactory<SiloProgram>
{
    private readonly Dictionary<string, string?> _settings;

    public SiloFactory(string connectionString, string clusterId, string serviceId)
    {
        SiloPort = FreePorts.Next();
        GatewayPort = FreePorts.Next();
        _settings = new()
        {
            ["Database:ConnectionString"] = connectionString,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = serviceId,
            ["Orleans:SiloPort"] = SiloPort.ToString(),
            ["Orleans:GatewayPort"] = GatewayPort.ToString(),
        };
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
