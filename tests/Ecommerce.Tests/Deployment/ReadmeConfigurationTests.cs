extern alias SiloHost;

using System.Collections;
using System.Text.RegularExpressions;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using SiloHost::Ecommerce.Silo.Hosting;

namespace Ecommerce.Tests.Deployment;

/// <summary>
/// The README's configuration table cannot drift from the options classes: each key it names
/// is read, with the default it gives, and every setting of every options class is in it.
/// </summary>
public sealed partial class ReadmeConfigurationTests
{
    /// <summary>The outside services' one options class, bound per service: the README writes <c>Services:*</c>.</summary>
    private static readonly IReadOnlyList<(string Section, Type Options)> Sections =
        OptionsSections.All.Select(s => (ServiceSection().Replace(s.Section, "Services:*"), s.Options)).Distinct().ToList();

    /// <summary>Keys read from the configuration before the host is built, so by no options class, with their defaults.</summary>
    private static readonly Dictionary<string, object> HostSwitches = new() { [SiloWebFrontExtensions.CoHostedKey] = false };

    [Fact]
    public void EachKeyInTheTableIsReadWithTheDefaultTheTableGives()
    {
        var settings = OptionsSections.Settings(Sections).ToDictionary(s => s.Key, StringComparer.Ordinal);
        var wrong = new List<string>();
        foreach (var (key, documented) in ReadTable().Where(r => r.Key.Contains(':', StringComparison.Ordinal)))
        {
            if (HostSwitches.TryGetValue(key, out var hostDefault))
            {
                if (!string.Equals(documented, Convert.ToString(hostDefault, System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase))
                {
                    wrong.Add($"{key}: the README says {documented}, the default is {hostDefault}");
                }
            }
            else if (!settings.TryGetValue(key, out var setting))
            {
                wrong.Add($"{key}: no options class reads it");
            }
            else if (DefaultDiffers(setting.Options, setting.Property, documented) is { } difference)
            {
                wrong.Add($"{key}: the README says {documented}, {difference}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void EverySettingOfEveryOptionsClassIsInTheTable()
    {
        var documented = ReadTable().Select(r => r.Key).ToHashSet(StringComparer.Ordinal);

        var missing = OptionsSections.Settings(Sections).Select(s => s.Key).Where(k => !documented.Contains(k)).ToList();

        Assert.True(missing.Count == 0, $"The README's configuration table leaves out: {string.Join(", ", missing)}");
    }

    /// <summary>
    /// Null when the documented default is the property's: "unset" for null or empty, "empty" for
    /// an empty list, else the text bound as the configuration binds it.
    /// </summary>
    private static string? DefaultDiffers(Type options, System.Reflection.PropertyInfo property, string documented)
    {
        var actual = property.GetValue(Activator.CreateInstance(options));
        switch (documented)
        {
            case "unset":
                return actual is null || actual is "" ? null : $"the default is {actual}";
            case "empty":
                return actual is IEnumerable list and not string && !list.Cast<object>().Any() ? null : $"the default is {actual}";
        }
        var bound = Activator.CreateInstance(options)!;
        try
        {
            new ConfigurationBuilder().AddInMemoryCollection([new(property.Name, documented)]).Build().Bind(bound);
        }
        catch (InvalidOperationException ex)
        {
            return $"which is not a {property.PropertyType.Name} ({ex.Message})";
        }
        var read = property.GetValue(bound);
        return Equals(read, actual) ? null : $"the default is {actual}";
    }

    /// <summary>The table's rows as (key, default): a row such as <c>`A:B` / `C` | 1 / `x`</c> is A:B = 1 and A:C = x; notes in parentheses are dropped.</summary>
    private static List<(string Key, string Default)> ReadTable()
    {
        var lines = File.ReadAllLines(Path.Combine(BuiltApps.Repository, "README.md"));
        var heading = Array.IndexOf(lines, "## Configuration");
        Assert.True(heading >= 0, "The README has no Configuration section.");
        var rows = lines.Skip(heading).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2).ToList();
        Assert.NotEmpty(rows);

        var table = new List<(string, string)>();
        foreach (var row in rows)
        {
            var cells = row.Split('|');
            var keys = Code().Matches(cells[1]).Select(m => m.Groups[1].Value).ToList();
            var defaults = Note().Replace(cells[2], "").Split(" / ").Select(d => d.Trim().Trim('`')).ToList();
            if (keys.Count == 0 || !keys[0].Contains(':', StringComparison.Ordinal))
            {
                table.AddRange(keys.Select(k => (k, "")));
                continue;
            }
            Assert.True(keys.Count == defaults.Count, $"This README row names {keys.Count} keys but {defaults.Count} defaults: {row}");
            var section = keys[0][..keys[0].LastIndexOf(':')];
            table.AddRange(keys.Select((key, i) => (key.Contains(':', StringComparison.Ordinal) ? key : $"{section}:{key}", defaults[i])));
        }
        return table;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\s*\([^)]*\)")]
    private static partial Regex Note();

    [GeneratedRegex("^Services:[^:]+$")]
    private static partial Regex ServiceSection();
}
