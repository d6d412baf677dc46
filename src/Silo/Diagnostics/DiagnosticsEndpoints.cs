using Ecommerce.Grains.Carts;
using Ecommerce.ServiceDefaults.Operators;

namespace Ecommerce.Silo.Diagnostics;

public static class DiagnosticsEndpoints
{
    /// <summary>
    /// <c>POST /diagnostics/memory</c>, for the operator: runs a full, compacting garbage
    /// collection and reports the managed heap and this silo's grain activations, so that
    /// memory per activation can be measured (docs/benchmarks.md).
    /// </summary>
    public static IEndpointRouteBuilder MapDiagnostics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/diagnostics/memory", async (IGrainFactory grains, ILocalSiloDetails silo) =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics([silo.SiloAddress]);
            return TypedResults.Ok(new MemoryReport(
                GC.GetTotalMemory(forceFullCollection: false),
                Environment.WorkingSet,
                statistics.Sum(s => s.ActivationCount),
                statistics.Where(s => IsCart(s.GrainType)).Sum(s => s.ActivationCount)));
        })
            .ServedOnOperatorPort()
            .RequireAuthorization(OperatorHostingExtensions.OperatorPolicy)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The cart grain's class, by its full name (the statistics may add the assembly after a comma).</summary>
    private static bool IsCart(string grainType) => grainType.Split(',')[0].Trim() == typeof(CartGrain).FullName;
}

public sealed record MemoryReport(long ManagedHeapBytes, long WorkingSetBytes, int Activations, int CartActivations);
