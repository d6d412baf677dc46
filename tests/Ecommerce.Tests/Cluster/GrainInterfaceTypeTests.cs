using Ecommerce.Grains.Interfaces.Carts;
using Ecommerce.Grains.Interfaces.Hosting;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;

namespace Ecommerce.Tests.Cluster;

/// <summary>
/// The silo and the separate API resolve grain interface ids through a cache: the ids must be
/// exactly those Orleans computes without it, or silos and clients of different builds would
/// not understand each other's calls.
/// </summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class GrainInterfaceTypeTests(ShopFixture shop)
{
    public static TheoryData<string> Hosts => ["silo", "api"];

    [Theory]
    [MemberData(nameof(Hosts))]
    public void EveryGrainInterfaceResolvesToTheIdOrleansGivesItWithoutTheCache(string host)
    {
        var services = host == "silo" ? shop.Silo.Services : shop.Api.Services;
        Assert.Contains(services.GetServices<IGrainInterfaceTypeProvider>(), p => p is CachedGrainInterfaceTypeProvider);
        Assert.DoesNotContain(services.GetServices<IGrainInterfaceTypeProvider>(), p => p is AttributeGrainInterfaceTypeProvider);

        var cached = services.GetRequiredService<GrainInterfaceTypeResolver>();
        var orleans = new GrainInterfaceTypeResolver([new AttributeGrainInterfaceTypeProvider(services)], services.GetRequiredService<TypeConverter>());
        var interfaces = typeof(ICartGrain).Assembly.GetTypes()
            .Concat(typeof(IManagementGrain).Assembly.GetTypes())
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t))
            .ToList();
        Assert.True(interfaces.Count > 10, $"only {interfaces.Count} grain interfaces found");

        foreach (var type in interfaces)
        {
            var expected = orleans.GetGrainInterfaceType(type);
            Assert.Equal(expected, cached.GetGrainInterfaceType(type));
            Assert.Equal(expected, cached.GetGrainInterfaceType(type)); // and again, from the cache
        }
    }
}
