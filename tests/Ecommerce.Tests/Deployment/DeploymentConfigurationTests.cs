extern alias SiloHost;
extern alias SimulatorsHost;

using System.Text.RegularExpressions;
using Ecommerce.Api.Hosting;
using Ecommerce.Api.Http;
using Ecommerce.Api.Identity;
using Ecommerce.Api.Shop;
using Ecommerce.Database;
using Ecommerce.Grains.Carts;
using Ecommerce.Grains.Orders;
using Ecommerce.Grains.OutsideServices;
using Ecommerce.ServiceDefaults;
using Ecommerce.Tests.Infrastructure;
using SiloHost::Ecommerce.Silo.Dashboard;
using SiloHost::Ecommerce.Silo.Hosting;
using SimulatorsHost::Ecommerce.Simulators;

namespace Ecommerce.Tests.Deployment;

/// <summary>Every setting the compose file and the Kubernetes manifests give is one the code reads.</summary>
public sealed partial class DeploymentConfigurationTests
{
    private static readonly HashSet<string> KnownKeys = BuildKnownKeys();

    public static TheoryData<string> DeploymentFiles => new(
        Directory.GetFiles(Path.Combine(BuiltApps.Repository, "deploy"), "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(BuiltApps.Repository, f)).Order());

    [Fact]
    public void TheImageIsBuiltWithEveryRootBuildFileSoItRunsWithTheLocalBuildsSettings()
    {
        var dockerfile = File.ReadAllText(Path.Combine(BuiltApps.Repository, "deploy", "docker", "Dockerfile"));
        var copied = Regex.Match(dockerfile, @"^COPY global\.json (.+) \./$", RegexOptions.Multiline).Groups[1].Value.Split(' ');
        var rootBuildFiles = Directory.GetFiles(BuiltApps.Repository, "Directory.*").Select(Path.GetFileName);

        Assert.All(rootBuildFiles, file => Assert.Contains(file, copied));
    }

    [Theory]
    [MemberData(nameof(DeploymentFiles))]
    public void EveryConfigurationKeySetIsOneTheOptionsRead(string file)
    {
        var text = File.ReadAllText(Path.Combine(BuiltApps.Repository, file));

        var keys = SettingKey().Matches(text).Select(m => m.Groups["key"].Value.Replace("__", ":", StringComparison.Ordinal)).Distinct().ToList();

        var unknown = keys.Where(k => !KnownKeys.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"{file} sets keys no options class reads: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void TheManifestsGiveEachAppTheSettingsItCannotStartWithout()
    {
        var k8s = string.Join("\n", Directory.GetFiles(Path.Combine(BuiltApps.Repository, "deploy", "k8s"), "*.yaml").Select(File.ReadAllText));
        var compose = File.ReadAllText(Path.Combine(BuiltApps.Repository, "deploy", "compose", "compose.yaml"));

        foreach (var required in new[] { "Database__ConnectionString", "Auth__SigningKey", "Dashboard__Password", "Services__Payment__BaseUrl", "Services__Payment__ApiKey", "Orleans__ClusterId" })
        {
            Assert.Contains(required, k8s, StringComparison.Ordinal);
            Assert.Contains(required, compose, StringComparison.Ordinal);
        }
    }

    private static HashSet<string> BuildKnownKeys()
    {
        var sections = new (string Section, Type Options)[]
        {
            (DatabaseOptions.SectionName, typeof(DatabaseOptions)),
            (OrleansOptions.SectionName, typeof(OrleansOptions)),
            (SiloHostOptions.SectionName, typeof(SiloHostOptions)),
            (ClusterClientOptions.SectionName, typeof(ClusterClientOptions)),
            (AuthOptions.SectionName, typeof(AuthOptions)),
            (ShopOptions.SectionName, typeof(ShopOptions)),
            (RateLimitOptions.SectionName, typeof(RateLimitOptions)),
            (CartOptions.SectionName, typeof(CartOptions)),
            (OrderOptions.SectionName, typeof(OrderOptions)),
            (OperatorOptions.SectionName, typeof(OperatorOptions)),
            (SimulatorOptions.SectionName, typeof(SimulatorOptions)),
            ("Services:Payment", typeof(ServiceClientOptions)),
            ("Services:Inventory", typeof(ServiceClientOptions)),
            ("Services:Email", typeof(ServiceClientOptions)),
            (ShutdownOptions.SectionName, typeof(ShutdownOptions)),
        };
        var keys = sections.SelectMany(s => s.Options.GetProperties().Where(p => p.CanWrite).Select(p => $"{s.Section}:{p.Name}"));
        return new HashSet<string>(keys, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>An environment variable in configuration form (Section__Key) as YAML writes it: a map key or a name.</summary>
    [GeneratedRegex(@"(?:^\s*|name:\s*)(?<key>[A-Za-z]+(?:__[A-Za-z]+)+)\b", RegexOptions.Multiline)]
    private static partial Regex SettingKey();
}
