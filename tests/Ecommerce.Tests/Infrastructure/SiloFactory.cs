extern alias SiloHost;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SiloProgram = SiloHost::Program;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>One real silo process host (the Silo project's Program), in this process, on its own ports.</summary>
public sealed class SiloFactory : WebApplicationFactory<SiloProgram>, IHostUnderTest
{
    private readonly Dictionary<string, string?> _settings;
    private readonly HostPorts _ports = new();

    public SiloFactory(string connectionString, string clusterId, string serviceId,
        Uri? simulators = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        SiloPort = FreePorts.Next();
        _settings = new()
        {
            ["Database:ConnectionString"] = connectionString,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = serviceId,
            ["Orleans:SiloPort"] = SiloPort.ToString(),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            // Fast background retries, so that tests see orders finish in seconds.
            ["Orders:RetryInterval"] = "00:00:01",
            ["Orders:ResumeAfter"] = "00:00:03",
            ["Orders:SweepPeriod"] = "00:00:01",
        };
        var services = simulators ?? new Uri("http://127.0.0.1:9/"); // discard port: nothing listens
        foreach (var service in new[] { "Payment", "Inventory", "Email" })
        {
            _settings[$"Services:{service}:BaseUrl"] = services.ToString();
        }
        _settings["Services:Payment:ApiKey"] = SimulatorFactory.PaymentKey;
        _settings.Add(_ports.Setting.Key, _ports.Setting.Value);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        UseKestrel(_ports.Listen);
    }

    /// <summary>The operator port: health, metrics and (a silo's) dashboard and diagnostics.</summary>
    public Uri OperatorAddress => _ports.OperatorAddress;

    /// <summary>A client of the operator port, without a credential (<see cref="SignIn.AsOperator"/> adds it).</summary>
    public HttpClient CreateOperatorClient() => CreateDefaultClient(OperatorAddress);

    public int SiloPort { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
