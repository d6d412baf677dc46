using Ecommerce.Grains.Carts;
using Ecommerce.Grains.Orders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ecommerce.Grains;

public static class WorkflowHostingExtensions
{
    /// <summary>Adds the validated settings of carts and orders.</summary>
    public static IHostApplicationBuilder AddShopWorkflows(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CartOptions>().BindConfiguration(CartOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<OrderOptions>().BindConfiguration(OrderOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
