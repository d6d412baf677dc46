using Ecommerce.Grains.Carts;
using Ecommerce.Grains.Orders;
using Ecommerce.ServiceDefaults;

namespace Ecommerce.Silo.Hosting;

public static class WorkflowHostingExtensions
{
    /// <summary>Adds the validated settings of carts and orders.</summary>
    public static IHostApplicationBuilder AddShopWorkflows(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<CartOptions>(CartOptions.SectionName);
        builder.Services.AddValidatedOptions<OrderOptions>(OrderOptions.SectionName);
        return builder;
    }
}
