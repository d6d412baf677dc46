using Ecommerce.Grains.Carts;
using Ecommerce.Grains.Orders;
using Ecommerce.Grains.Telemetry;
using Ecommerce.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecommerce.Silo.Hosting;

public static class WorkflowHostingExtensions
{
    /// <summary>Adds the validated settings of carts and orders.</summary>
    public static IHostApplicationBuilder AddShopWorkflows(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CartOptions>().BindConfiguration(CartOptions.SectionName).ValidateSection(CartOptions.SectionName).ValidateOnStart();
        builder.Services.AddOptions<OrderOptions>().BindConfiguration(OrderOptions.SectionName).ValidateSection(OrderOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddSingleton<ShopMetrics>();
        return builder;
    }
}
