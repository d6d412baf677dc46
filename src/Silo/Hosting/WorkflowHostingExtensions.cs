using Ecommerce.Grains.Carts;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.Orders;
using Ecommerce.ServiceDefaults;

namespace Ecommerce.Silo.Hosting;

public static class WorkflowHostingExtensions
{
    /// <summary>Adds the validated settings of carts and orders, and starts the sweep of unfinished orders with each silo.</summary>
    public static IHostApplicationBuilder AddShopWorkflows(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<CartOptions>(CartOptions.SectionName);
        builder.Services.AddValidatedOptions<OrderOptions>(OrderOptions.SectionName);
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, OrderSweepStart>();
        return builder;
    }

    /// <summary>Once the silo takes calls, makes sure the one sweep of unfinished orders runs (idempotent: every silo asks).</summary>
    private sealed class OrderSweepStart(IGrainFactory grains) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe<OrderSweepStart>(ServiceLifecycleStage.Active, _ => grains.GetGrain<IOrderSweepGrain>(0).StartAsync());
    }
}
