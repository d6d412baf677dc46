using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>The real API (the Api project's Program) on a loopback port, as a client of a test cluster.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>, IHostUnderTest
{
    private readonly Dictionary<string, string?> _settings;
    private readonly HostPorts _ports = new();
    private readonly string _environment;

    public ApiFactory(string connectionString, string clusterId, string serviceId, string environment = "Development",
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        _environment = environment;
        _settings = new()
        {
            ["Database:ConnectionString"] = connectionString,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = serviceId,
            // Tests share one address; the rate limits have tests of their own.
            ["RateLimits:Enabled"] = "false",
            // Tests share one host and send bursts about their own behaviour (fifty replays of one
            // checkout, a hot sku's 200 buyers), not about capacity: the admission has tests of its own.
            ["Admission:MaxInFlight"] = "1000",
            ["Admission:MaxQueued"] = "10000",
            ["Admission:MaxQueueWait"] = "00:01:00",
            ["Checkout:MaxConcurrent"] = "64",
            ["Checkout:MaxQueued"] = "10000",
        };
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

    /// <summary>
    /// As the base does, but a host that fails to start is disposed: one that failed once its
    /// server was up (<c>Operator:Port</c> not listened on) would otherwise keep its ports and its
    /// connection to the cluster until the test run ends.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = builder.Build();
        try
        {
            host.Start();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
