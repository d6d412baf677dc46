extern alias SiloHost;
extern alias SimulatorsHost;

using System.Reflection;
using Ecommerce.Api.Hosting;
using Ecommerce.Api.Identity;
using Ecommerce.Database;
using Ecommerce.Grains.Carts;
using Ecommerce.Grains.Email;
using Ecommerce.Grains.Inventory;
using Ecommerce.Grains.OutsideServices;
using Ecommerce.Grains.Payments;
using Ecommerce.ServiceDefaults;
using SiloHost::Ecommerce.Silo.Hosting;
using SimulatorsHost::Ecommerce.Simulators;

namespace Ecommerce.Tests.Deployment;

/// <summary>
/// Every options class the apps bind, with its configuration section: each class with a
/// <c>SectionName</c> in the apps' assemblies, found by reflection so that a new one cannot be
/// left out, and <see cref="ServiceClientOptions"/> once per outside service.
/// </summary>
internal static class OptionsSections
{
    public static IReadOnlyList<(string Section, Type Options)> All { get; } = Find();

    /// <summary>Each setting as its configuration key (<c>Section:Property</c>) and the property that holds it.</summary>
    public static IEnumerable<(string Key, Type Options, PropertyInfo Property)> Settings(IEnumerable<(string Section, Type Options)> sections) =>
        sections.SelectMany(s => s.Options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => ($"{s.Section}:{p.Name}", s.Options, p)));

    private static List<(string, Type)> Find()
    {
        Assembly[] apps =
        [
            typeof(OrleansOptions).Assembly, typeof(DatabaseOptions).Assembly, typeof(CartOptions).Assembly,
            typeof(AuthOptions).Assembly, typeof(ClusterClientOptions).Assembly, typeof(SiloHostOptions).Assembly,
            typeof(SimulatorOptions).Assembly,
        ];
        var sections = apps.SelectMany(a => a.GetExportedTypes())
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.Field is { IsLiteral: true })
            .Select(t => ((string)t.Field!.GetRawConstantValue()!, t.Type))
            .ToList();
        sections.AddRange(new[] { PaymentClient.Name, InventoryClient.Name, EmailClient.Name }
            .Select(name => ($"Services:{name}", typeof(ServiceClientOptions))));
        return sections;
    }
}
