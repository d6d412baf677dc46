using System.Diagnostics;
using Ecommerce.Api.Identity;
using Ecommerce.ServiceDefaults.Operators;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

/// <summary>A bad setting stops the real process, with a message that names the setting.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Silo", "Database__MaxPoolSize", "0", "Database:MaxPoolSize")]
    [InlineData("Silo", "Orders__CheckoutDeadline", "00:10:00", "Orders:CheckoutDeadline")]
    [InlineData("Silo", "Services__Payment__BaseUrl", "", "Services:Payment:BaseUrl")]
    [InlineData("Api", "Shop__Currency", "dollars", "Shop:Currency")]
    [InlineData("Api", "Database__ConnectionString", "Host=;;=", "Database:ConnectionString")]
    [InlineData("Silo", "Database__ConnectionString", "Host=127.0.0.1:1,127.0.0.1:2;Target Session Attributes=prefer-standby", "Database:ConnectionString")]
    [InlineData("Silo", "Database__HostRecheckInterval", "00:00:00", "Database:HostRecheckInterval")]
    [InlineData("Simulators", "Simulators__TimeoutHold", "-00:00:05", "Simulators:TimeoutHold")]
    [InlineData("Api", "Shutdown__Timeout", "00:00:00", "Shutdown:Timeout")]
    [InlineData("Api", "Orleans__ResponseTimeout", "00:00:00", "Orleans:ResponseTimeout")]
    [InlineData("Silo", "Orleans__ClusterId", "", "Orleans:ClusterId")]
    [InlineData("Silo", "Operator__Port", "0", "Operator:Port")]
    [InlineData("Api", "Operator__MetricsOpenTo__0", "10.0.0.0/33", "Operator:MetricsOpenTo")]
    public Task ABadSettingStopsTheProcessNamingIt(string app, string variable, string value, string named) =>
        AssertStopsNamingAsync(app, "Development", variable, value, named);

    [Theory]
    [InlineData("Api", "Auth__SigningKey", AuthOptions.DevelopmentSigningKey, "Auth:SigningKey")]
    [InlineData("Silo", "Dashboard__Password", OperatorOptions.DevelopmentPassword, "Dashboard:Password")]
    [InlineData("Api", "Dashboard__Password", OperatorOptions.DevelopmentPassword, "Dashboard:Password")]
    public Task OutsideDevelopmentAPublicDevelopmentSecretStopsTheProcessNamingIt(string app, string variable, string value, string named) =>
        AssertStopsNamingAsync(app, "Production", variable, value, named);

    /// <summary>Outside Development there is no development issuer: the API names the provider setting it lacks.</summary>
    [Theory]
    [InlineData("Auth__Audience", "ecommerce-api", "Auth:Authority")]
    [InlineData("Auth__Authority", "http://idp.example/realms/shop", "Auth:RequireHttpsMetadata")]
    [InlineData("Auth__Authority", "idp.example", "Auth:Authority")]
    public Task OutsideDevelopmentTheApiStopsWithoutAUsableProvider(string variable, string value, string named) =>
        AssertStopsNamingAsync("Api", "Production", variable, value, named);

    private static async Task AssertStopsNamingAsync(string app, string environment, string variable, string value, string named)
    {
        var dll = BuiltApps.PathOf(app);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = environment,
                ["Urls"] = "http://127.0.0.1:0",
                ["Orleans__SiloPort"] = "1",
                ["Orleans__GatewayPort"] = "2",
                ["Database__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=none;Username=nobody",
                [variable] = value,
            },
        };

        if (app == "Api" && environment != "Development" && !variable.StartsWith("Auth__", StringComparison.Ordinal))
        {
            // A usable identity, so that the setting under test is the one thing wrong.
            start.Environment["Auth__SigningKey"] = "a-production-key-that-is-long-enough-for-hmac-sha256";
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{app} kept running with {variable}={value}.");
        }

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains(named, await output + await error, StringComparison.Ordinal);
    }
}
