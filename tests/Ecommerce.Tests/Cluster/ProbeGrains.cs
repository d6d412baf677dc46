using System.Collections.Concurrent;
using Orleans.Placement;

namespace Ecommerce.Tests.Cluster;

/// <summary>Says which silo it runs on; placed at random so that calls spread over the cluster.</summary>
public interface ISiloProbeGrain : IGrainWithIntegerKey
{
    Task<string> SiloAsync();
}

[RandomPlacement]
public sealed class SiloProbeGrain(ILocalSiloDetails silo) : Grain, ISiloProbeGrain
{
    public Task<string> SiloAsync() => Task.FromResult(silo.SiloAddress.ToString());
}

/// <summary>Registers a durable reminder and counts its ticks in the test process, across activations.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task StartAsync(TimeSpan dueTime);
}

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public static readonly ConcurrentDictionary<string, int> Ticks = new();

    public async Task StartAsync(TimeSpan dueTime)
    {
        await this.RegisterOrUpdateReminder("probe", dueTime, TimeSpan.FromMinutes(1));
        // The reminder, not this activation, must bring the grain back.
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
