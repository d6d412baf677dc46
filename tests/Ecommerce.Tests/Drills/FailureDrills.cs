using System.Net;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Drills;

/// <summary>
/// The cluster under load while a silo crashes, all silos restart one by one, or the
/// database goes away. Set ECOMMERCE_DRILL_SECONDS for a longer run by hand.
/// </summary>
[Collection(DrillsCollectionDefinition.Name)]
public sealed class FailureDrills(ITestOutputHelper output)
{
    private static TimeSpan Phase => LoadRun.Phase;

    [Fact]
    public async Task KillingOneOfThreeSilosLosesNoAcknowledgedWrite()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 3);
        await using var running = await LoadRun.StartAsync(cluster);
        var load = running.Load;
        var killedAt = DateTime.UtcNow;
        cluster.Silos[1]!.Kill();
        await Task.Delay(Phase * 3);
        await running.StopAsync();

        var summary = load.Summary(killedAt);
        cluster.Report(output, "kill -9 one of three silos", summary);
        var lastFailure = load.Answers.Where(a => !a.Succeeded).Select(a => a.At + a.Took).DefaultIfEmpty(killedAt).Max();
        Assert.True(lastFailure - killedAt < TimeSpan.FromSeconds(30), $"Still failing {(lastFailure - killedAt).TotalSeconds:0} s after the kill.");
        // Calls in flight to the dead silo end at the API's grain-call deadline, not later.
        var slowest = load.Answers.Max(a => a.Took);
        cluster.Report(output, "kill -9 one of three silos", $"slowest answer {slowest.TotalSeconds:0.00} s (bound 5 s)");
        Assert.True(slowest <= TimeSpan.FromSeconds(5), $"A request waited {slowest.TotalSeconds:0.00} s after a silo died.");
        await load.AssertNoAcknowledgedCartWriteLostAsync();
        var orders = await load.AssertEveryOrderSettlesAsync(TimeSpan.FromSeconds(150));
        cluster.Report(output, "kill -9 one of three silos", $"{orders} orders settled");
    }

    [Fact]
    public async Task RestartingEverySiloInTurnLosesNothingAndFailsUnderOnePercent()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 3);
        await using var running = await LoadRun.StartAsync(cluster);
        var load = running.Load;
        for (var i = 0; i < cluster.Silos.Count; i++)
        {
            await cluster.Silos[i]!.StopAsync(TimeSpan.FromSeconds(45));
            cluster.Silos[i] = cluster.StartSilo(i);
            await cluster.Silos[i]!.WaitReadyAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(Phase / 2);
        }
        await Task.Delay(Phase);
        await running.StopAsync();

        var summary = load.Summary();
        cluster.Report(output, "rolling restart of three silos", summary);
        var answers = load.Answers.ToList();
        Assert.True(answers.Count(a => !a.Succeeded) < answers.Count / 100.0, summary);
        await load.AssertNoAcknowledgedCartWriteLostAsync();
        await load.AssertEveryOrderSettlesAsync(TimeSpan.FromSeconds(150));
    }

    [Fact]
    public async Task StoppingTheDatabaseFailsFastWith503AndTheSystemRecoversByItself()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 2);
        await using var running = await LoadRun.StartAsync(cluster);
        var load = running.Load;
        var stoppedAt = DateTime.UtcNow;
        await cluster.Database.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var readyWhileDown = (await cluster.Http.GetAsync("/health/ready")).StatusCode;
        await Task.Delay(TimeSpan.FromSeconds(7));
        await cluster.Database.StartAgainAsync();
        var restartedAt = DateTime.UtcNow;
        await Task.Delay(Phase * 2);
        await running.StopAsync();

        var summary = load.Summary(restartedAt);
        cluster.Report(output, "PostgreSQL stopped for 10 s", summary);
        var answers = load.Answers.ToList();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyWhileDown);
        var duringOutage = answers.Where(a => a.At >= stoppedAt && a.At < restartedAt && !a.Succeeded).ToList();
        Assert.NotEmpty(duringOutage);
        Assert.All(duringOutage, a => Assert.True(a.Status is 503 or 504, $"A request during the outage answered {a.Status}."));
        Assert.All(answers.Where(a => a.Status == 503), a => Assert.True(a.RetryAfter, $"A 503 at {a.At:HH:mm:ss.fff} had no Retry-After."));
        Assert.True(answers.Max(a => a.Took) < TimeSpan.FromSeconds(20), "A request hung past its deadline.");
        Assert.Contains(answers, a => a.At > restartedAt + TimeSpan.FromSeconds(5) && a.Status == 200);
        Assert.DoesNotContain(answers, a => a.At > restartedAt + TimeSpan.FromSeconds(15) && !a.Succeeded);
        await load.AssertNoAcknowledgedCartWriteLostAsync();
        await load.AssertEveryOrderSettlesAsync(TimeSpan.FromSeconds(150));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DrillsCollectionDefinition
{
    public const string Name = "drills";
}
