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
        builder.Services.AddValidatedOptions<CartOptions>(CartOptions.SectionName);
        builder.Services.AddValidatedOptions<OrderOptions>(OrderOptions.SectionName);
        builder.Services.TryAddSingleton<ShopMetrics>();
        return builder;
    }
}
