using System.Text.RegularExpressions;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Deployment;

/// <summary>Every setting the compose file and the Kubernetes manifests give is one the code reads.</summary>
public sealed partial class DeploymentConfigurationTests
{
    private static readonly HashSet<string> KnownKeys =
        new(OptionsSections.Settings(OptionsSections.All).Select(s => s.Key), StringComparer.OrdinalIgnoreCase);

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

    /// <summary>
    /// The secrets and the token issuer, which have no default outside Development, and the
    /// addresses and cluster, whose defaults are this machine's.
    /// </summary>
    [Fact]
    public void TheManifestsGiveEachAppTheSettingsItCannotRunWithout()
    {
        var k8s = string.Join("\n", Directory.GetFiles(Path.Combine(BuiltApps.Repository, "deploy", "k8s"), "*.yaml").Select(File.ReadAllText));
        var compose = File.ReadAllText(Path.Combine(BuiltApps.Repository, "deploy", "compose", "compose.yaml"));

        foreach (var required in new[] { "Database__ConnectionString", "Auth__Authority", "Auth__Audience", "Dashboard__Password", "Services__Payment__BaseUrl", "Services__Payment__ApiKey", "Orleans__ClusterId" })
        {
            Assert.Contains(required, k8s, StringComparison.Ordinal);
            Assert.Contains(required, compose, StringComparison.Ordinal);
        }
    }

    /// <summary>An environment variable in configuration form (Section__Key) as YAML writes it: a map key or a name.</summary>
    [GeneratedRegex(@"(?:^\s*|name:\s*)(?<key>[A-Za-z]+(?:__[A-Za-z]+)+)\b", RegexOptions.Multiline)]
    private static partial Regex SettingKey();
}
