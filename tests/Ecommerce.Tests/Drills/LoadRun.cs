namespace Ecommerce.Tests.Drills;

/// <summary>The drills' load, running for one phase before the incident. Set ECOMMERCE_DRILL_SECONDS for longer phases by hand.</summary>
internal sealed class LoadRun : IAsyncDisposable
{
    public static readonly TimeSpan Phase = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("ECOMMERCE_DRILL_SECONDS"), out var s) && s > 0 ? s : 8);

    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private LoadRun(ShopLoad load) => Load = load;

    public ShopLoad Load { get; }

    public static async Task<LoadRun> StartAsync(ProcessCluster cluster)
    {
        var run = new LoadRun(new ShopLoad(cluster, await cluster.ProductsAsync(6)));
        run._running = run.Load.RunAsync(writers: 6, buyers: 2, run._stop.Token);
        await Task.Delay(Phase);
        return run;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
