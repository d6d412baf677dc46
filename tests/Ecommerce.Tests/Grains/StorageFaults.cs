using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Ecommerce.Tests.Grains;

/// <summary>
/// Precise failures of grain state writes and reminder registrations, injected in front of the
/// real ADO.NET storage and reminder table: a write that fails before it is made, a database
/// that cannot be reached, a write slower than the caller's deadline, and a write whose
/// answer is lost after it was made.
/// </summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<string, Armed> _writes = new();
    private readonly ConcurrentDictionary<string, Armed> _reminders = new();

    /// <summary>How long a write hit by <see cref="FaultKind.Timeout"/> takes: past the grain-call deadline.</summary>
    public static readonly TimeSpan SlowWrite = GrainClusterFixture.GrainCallTimeout + TimeSpan.FromSeconds(0.5);

    /// <summary>Fails writes of the grain whose key ends with <paramref name="grainKey"/>: <paramref name="times"/> of them after letting <paramref name="skip"/> through.</summary>
    public void FailWrites(string grainKey, FaultKind kind, int times = 1, int skip = 0) => _writes[grainKey] = new Armed(kind, times, skip);

    /// <summary>Whether an armed write fault of the grain has struck.</summary>
    public bool Struck(string grainKey) => _writes.TryGetValue(grainKey, out var armed) && armed.Struck;

    /// <summary>Waits until a held write of the grain has arrived.</summary>
    public Task HeldAsync(string grainKey) => _writes[grainKey].Arrived.Task.WaitAsync(TimeSpan.FromSeconds(20));

    /// <summary>Lets every held write go (it is then made).</summary>
    public void ReleaseHeld() { foreach (var armed in _writes.Values) armed.Release.TrySetResult(); }

    /// <summary>Fails the next reminder registrations of the grain whose key ends with <paramref name="grainKey"/>.</summary>
    public void FailReminders(string grainKey, int times = 1) => _reminders[grainKey] = new Armed(FaultKind.ErrorAnswer, times);

    /// <summary>Wraps the silo's real storage and reminder table.</summary>
    public void Decorate(IServiceCollection services, string storageName)
    {
        var storage = services.Single(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, storageName));
        services.Remove(storage);
        services.AddKeyedSingleton<IGrainStorage>(storageName, (sp, key) =>
            new Storage(this, (IGrainStorage)storage.KeyedImplementationFactory!(sp, key),
                sp.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping));

        var reminders = services.Last(d => d.ServiceType == typeof(IReminderTable));
        services.Remove(reminders);
        services.AddSingleton<IReminderTable>(sp =>
            new Reminders(this, (IReminderTable)ActivatorUtilities.CreateInstance(sp, reminders.ImplementationType!)));
    }

    private static Armed? Take(ConcurrentDictionary<string, Armed> armed, GrainId grain)
    {
        var key = grain.Key.ToString()!;
        foreach (var (suffix, fault) in armed)
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal) && fault.TryTake())
            {
                return fault;
            }
        }
        return null;
    }

    private static NpgsqlException Failure(FaultKind kind) => kind == FaultKind.Unreachable
        ? new NpgsqlException("Failed to connect (injected).", new SocketException((int)SocketError.ConnectionRefused))
        : new NpgsqlException("The write failed (injected).");

    private sealed class Armed(FaultKind kind, int times, int skip = 0)
    {
        private int _seen;

        public FaultKind Kind { get; } = kind;
        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Struck => Volatile.Read(ref _seen) > skip;

        public bool TryTake()
        {
            var seen = Interlocked.Increment(ref _seen);
            return seen > skip && seen <= skip + times;
        }
    }

    /// <summary>The storage of one silo; once that silo is stopping (killed), it writes nothing, as a dead process would not.</summary>
    private sealed class Storage(StorageFaults faults, IGrainStorage inner, CancellationToken dead) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (dead.IsCancellationRequested)
            {
                throw Failure(FaultKind.Unreachable);
            }
            var fault = Take(faults._writes, grainId);
            switch (fault?.Kind)
            {
                case null:
                    await inner.WriteStateAsync(stateName, grainId, grainState);
                    return;
                case FaultKind.ErrorAnswer or FaultKind.Unreachable:
                    throw Failure(fault.Kind);
                case FaultKind.Timeout:
                    await Task.Delay(SlowWrite);
                    await inner.WriteStateAsync(stateName, grainId, grainState);
                    return;
                case FaultKind.Hold:
                    fault.Arrived.TrySetResult();
                    await fault.Release.Task.WaitAsync(dead).ContinueWith(_ => { }, TaskScheduler.Default);
                    if (dead.IsCancellationRequested)
                    {
                        throw Failure(FaultKind.Unreachable);
                    }
                    await inner.WriteStateAsync(stateName, grainId, grainState);
                    return;
                default:
                    await inner.WriteStateAsync(stateName, grainId, grainState);
                    throw Failure(FaultKind.ReplyLost);
            }
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            dead.IsCancellationRequested ? throw Failure(FaultKind.Unreachable) : inner.ClearStateAsync(stateName, grainId, grainState);

        public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
    }

    private sealed class Reminders(StorageFaults faults, IReminderTable inner) : IReminderTable
    {
        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
        public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);
        public Task<ReminderTableData> ReadRows(uint begin, uint end) => inner.ReadRows(begin, end);
        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => inner.ReadRow(grainId, reminderName);
        public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => inner.RemoveRow(grainId, reminderName, eTag);
        public Task TestOnlyClearTable() => inner.TestOnlyClearTable();
        public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

        public Task<string?> UpsertRow(ReminderEntry entry) =>
            Take(faults._reminders, entry.GrainId) is not null ? throw Failure(FaultKind.ErrorAnswer) : inner.UpsertRow(entry);
    }
}
