using System.Globalization;

namespace Ecommerce.LoadTool;

/// <summary>
/// Time the garbage collector paused the silo and the load tool during a run: the first
/// place to look when a tail latency jumps. The silo's from its Prometheus series
/// <c>dotnet_gc_pause_time_seconds_total</c> and <c>dotnet_gc_collections_total</c>, which its
/// operator port serves to the operator.
/// </summary>
internal sealed record GcPauses(TimeSpan? Silo, double? SiloCollections, TimeSpan Tool, int ToolCollections)
{
    public static async Task<GcPauses> ReadAsync(LoadOptions options)
    {
        var (silo, collections) = await ReadSiloAsync(options);
        return new GcPauses(silo, collections, GC.GetTotalPauseDuration(), GC.CollectionCount(0));
    }

    public GcPauses Until(GcPauses later) => new(
        later.Silo - Silo, later.SiloCollections - SiloCollections, later.Tool - Tool, later.ToolCollections - ToolCollections);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"silo {(Silo is { } silo ? $"{silo.TotalMilliseconds:0} ms in {SiloCollections:0} collections" : "unknown")}, " +
        $"load tool {Tool.TotalMilliseconds:0} ms in {ToolCollections} collections");

    /// <summary>From the silo's operator port, with the operator credential (<c>--silo</c>, <c>--operator</c>).</summary>
    private static async Task<(TimeSpan?, double?)> ReadSiloAsync(LoadOptions options)
    {
        using var silo = MemoryProbe.OperatorClient(options);
        if (await Exposition.ReadAsync(silo) is not { } exposition)
        {
            return (null, null);
        }
        var (pause, found) = Exposition.Sum(exposition, "dotnet_gc_pause_time_seconds_total");
        var (collections, _) = Exposition.Sum(exposition, "dotnet_gc_collections_total");
        return found ? (TimeSpan.FromSeconds(pause), collections) : (null, null);
    }
}
