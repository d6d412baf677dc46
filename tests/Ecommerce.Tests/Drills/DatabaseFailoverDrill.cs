using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Ecommerce.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Drills;

/// <summary>
/// The database is no single point of failure. Under the drills' load, three silos and the API
/// run against a primary PostgreSQL and its synchronous standby, listed both in one connection
/// string. The primary is killed (SIGKILL to every process of it) and the standby promoted a few
/// seconds later, as an operator or Patroni would; then the old primary comes back as the new
/// one's standby (pg_rewind) and the same is done the other way round. No process is restarted
/// or reconfigured; a silo started afterwards joins the cluster.
/// </summary>
[Collection(DrillsCollectionDefinition.Name)]
public sealed partial class DatabaseFailoverDrill(ITestOutputHelper output)
{
    private const string Drill = "database failover";

    /// <summary>How long the shop goes without a primary each time: the death noticed and the promotion decided.</summary>
    private static readonly TimeSpan WithoutPrimary = TimeSpan.FromSeconds(4);

    /// <summary>
    /// The longest any answer may take: the grain-call deadline (3 s) and a second, as in the silo
    /// kill drill. A connection to a dead server fails at once (it refuses), and with no primary
    /// Npgsql fails at once too (it remembers which host was what).
    /// </summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task FailingOverToTheSynchronousStandbyLosesNoAcknowledgedWriteAndNeedsNoRestart()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 3, standby: true);
        var audit = await ShopAudit.StartAsync(cluster);
        await using var running = await LoadRun.StartAsync(cluster);
        var load = running.Load;
        var (node1, node2) = (cluster.Database, cluster.Standby!);

        var first = await FailOverAsync(cluster, dead: node1, promoted: node2);
        // The old primary follows the new one, synchronously: the second failover loses nothing either.
        await node1.RejoinAsync(node2);
        var second = await FailOverAsync(cluster, dead: node2, promoted: node1);
        await running.StopAsync();
        Failover[] failovers = [first, second];
        // Clustering on the new primary: a silo started now joins through its membership table.
        var joined = cluster.StartSilo(cluster.Silos.Count);
        cluster.Silos.Add(joined);
        await joined.WaitReadyAsync(TimeSpan.FromSeconds(90));

        var answers = load.Answers.ToList();
        var failures = answers.Where(a => !a.Succeeded).ToList();
        bool InAFailover(ShopLoad.Answer a) => failovers.Any(f => a.At >= f.KilledAt && a.At < f.PromotionOrderedAt + TimeSpan.FromSeconds(15));
        var outside = failures.Where(a => !InAFailover(a)).ToList();
        cluster.Report(output, Drill, load.Summary());
        var recoveries = failovers.Select(f => FirstCheckoutAfter(answers, f.PromotionOrderedAt)).ToList();
        for (var i = 0; i < failovers.Length; i++)
        {
            var f = failovers[i];
            var failed = failures.Where(a => a.At >= f.KilledAt && a.At < f.PromotionOrderedAt + TimeSpan.FromSeconds(15)).ToList();
            var lastFailed = failed.Select(a => a.At + a.Took).DefaultIfEmpty(f.KilledAt).Max() - f.PromotionOrderedAt;
            cluster.Report(output, Drill,
                $"failover {i + 1}: no primary for {WithoutPrimary.TotalSeconds:0} s, readiness then API {(int)f.ApiReady} and silo {(int)f.SiloReady}; " +
                $"{failed.Count} requests failed [{string.Join(", ", failed.GroupBy(a => a.Status).Select(g => $"{g.Key} x{g.Count()}"))}], " +
                $"{failed.Count(a => a.RetryAfter)} of them with Retry-After, the last ending {lastFailed.TotalSeconds:0.0} s after the promotion was ordered; " +
                $"first checkout {(recoveries[i] is { } r ? $"{r.TotalSeconds:0.0} s" : "never")} after it");
        }
        var metrics = await ScrapeAsync(cluster.Silos[0]!);
        var (failedAttempts, unavailable) = (Sum(metrics, "ecommerce_db_connection_failures_total"), Sum(metrics, "ecommerce_db_unavailable_time_seconds_total"));
        cluster.Report(output, Drill,
            $"silo 0's metrics: {failedAttempts:0} failed connection attempts, {unavailable:0.0} s without a primary; " +
            $"slowest answer {answers.Max(a => a.Took).TotalSeconds:0.00} s (bound {Deadline.TotalSeconds:0} s); " +
            $"{outside.Count} requests failed outside the failovers [{string.Join(", ", outside.GroupBy(a => a.Status).Select(g => $"{g.Key} x{g.Count()}"))}]");

        Assert.All(failovers, f => Assert.Equal(HttpStatusCode.ServiceUnavailable, f.ApiReady));
        Assert.All(failovers, f => Assert.Equal(HttpStatusCode.ServiceUnavailable, f.SiloReady));
        // Never a 500 or a broken connection: 503 (with Retry-After) when the database or a
        // service is unavailable, 504 when a checkout's deadline passed (the order goes on).
        Assert.All(failures, a => Assert.True(a.Status is 503 or 504, $"A request answered {a.Status} at {a.At:HH:mm:ss.fff}."));
        Assert.All(failures.Where(a => a.Status == 503), a => Assert.True(a.RetryAfter, $"A 503 at {a.At:HH:mm:ss.fff} had no Retry-After."));
        Assert.All(failovers, f => Assert.Contains(failures, a => a.At >= f.KilledAt && a.At < f.PromotionOrderedAt && a.Status == 503));
        // Outside the failovers the shop serves as usual; on a machine shared with other work an
        // outside service may still miss a deadline now and then (the simulators' timeouts).
        Assert.True(outside.Count <= answers.Count / 200,
            $"{outside.Count} of {answers.Count} requests failed outside the failovers, the first at {outside.FirstOrDefault()?.At:HH:mm:ss.fff}.");
        Assert.True(answers.Max(a => a.Took) <= Deadline, $"A request took {answers.Max(a => a.Took).TotalSeconds:0.00} s.");
        Assert.All(recoveries, r => Assert.True(r < TimeSpan.FromSeconds(20), $"No checkout succeeded within 20 s of a promotion ({r})."));
        Assert.True(failedAttempts > 0 && unavailable >= WithoutPrimary.TotalSeconds,
            $"Silo 0's metrics show {failedAttempts} failed connection attempts and {unavailable:0.0} s without a primary.");

        await load.AssertNoAcknowledgedCartWriteLostAsync();
        var orders = await load.AssertEveryOrderSettlesAsync(TimeSpan.FromSeconds(150));
        await audit.AssertNoOrderPendingAsync(TimeSpan.FromSeconds(150));
        var confirmed = await audit.AssertChargedOnceAndStockConservedAsync(load.Skus, ProcessCluster.Stock);
        cluster.Report(output, Drill,
            $"acknowledged {load.AcknowledgedCartWrites} cart writes and {load.AcknowledgedOrders} orders checked, lost 0; " +
            $"{orders} orders the load saw settled, none Pending; {confirmed} confirmed, none charged twice, stock conserved");
    }

    /// <summary>Kills <paramref name="dead"/>, checks readiness while there is no primary, promotes <paramref name="promoted"/>, and runs the load on.</summary>
    private static async Task<Failover> FailOverAsync(ProcessCluster cluster, PostgresServer dead, PostgresServer promoted)
    {
        var killedAt = DateTime.UtcNow;
        await dead.KillAsync();
        await Task.Delay(WithoutPrimary / 2);
        using var silo = new HttpClient { BaseAddress = cluster.Silos[0]!.Web, Timeout = TimeSpan.FromSeconds(10) };
        var apiReady = (await cluster.Http.GetAsync("/health/ready")).StatusCode;
        var siloReady = (await silo.GetAsync("/health/ready")).StatusCode;
        await Task.Delay(Max(killedAt + WithoutPrimary - DateTime.UtcNow, TimeSpan.Zero));
        var promotionOrderedAt = DateTime.UtcNow;
        await promoted.PromoteAsync();
        // Every process is ready again by itself: each finds the new primary in the list it has.
        foreach (var process in cluster.Silos.Append(cluster.Api))
        {
            await process!.WaitReadyAsync(TimeSpan.FromSeconds(30));
        }
        await Task.Delay(LoadRun.Phase);
        return new Failover(killedAt, promotionOrderedAt, apiReady, siloReady);
    }

    /// <summary>From the promotion being ordered to the end of the first checkout answered 201 after it.</summary>
    private static TimeSpan? FirstCheckoutAfter(List<ShopLoad.Answer> answers, DateTime promotionOrderedAt) =>
        answers.Where(a => a.Checkout && a.Status == 201 && a.At >= promotionOrderedAt).Select(a => a.At + a.Took - promotionOrderedAt)
            .Order().Cast<TimeSpan?>().FirstOrDefault();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task<string> ScrapeAsync(AppProcess silo)
    {
        using var client = SignIn.AsOperator(new HttpClient { BaseAddress = silo.Web });
        return await client.GetStringAsync("/metrics");
    }

    private static double Sum(string exposition, string series) =>
        Sample().Matches(exposition).Where(m => m.Groups["name"].Value == series)
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    private sealed record Failover(DateTime KilledAt, DateTime PromotionOrderedAt, HttpStatusCode ApiReady, HttpStatusCode SiloReady);
}
