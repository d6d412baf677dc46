using Ecommerce.ServiceDefaults;
namespace Ecommerce.Simulators.Faults;

public static class FaultHostingExtensions
{
    public static IHostApplicationBuilder AddFaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SimulatorOptions>()
            .BindConfiguration(SimulatorOptions.SectionName)
            .ValidateSection(SimulatorOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<FaultInjector>();
        return builder;
    }
}
