using Ecommerce.ServiceDefaults;
namespace Ecommerce.Simulators.Faults;

public static class FaultHostingExtensions
{
    public static IHostApplicationBuilder AddFaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SimulatorOptions>(SimulatorOptions.SectionName);
        builder.Services.AddSingleton<FaultInjector>();
        return builder;
    }
}
