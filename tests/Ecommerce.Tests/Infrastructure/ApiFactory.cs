using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>The real API (the Api project's Program) on a loopback port, as a client of a test cluster.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
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
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
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
