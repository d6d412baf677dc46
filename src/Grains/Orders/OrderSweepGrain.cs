using Ecommerce.Database;
using Ecommerce.Grains.Interfaces.Orders;
using Ecommerce.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Ecommerce.Grains.Orders;

/// <summary>
/// Carries unfinished orders forward when nothing else does: every write of an order with work
/// left records it in <c>orders_unfinished</c>, in the write's own transaction, and a write of
/// an idle order removes it (Database/Schema/110-orders.sql). Every <c>Orders:SweepPeriod</c>
/// this grain takes the orders that nobody looked at for <c>Orders:ResumeAfter</c>, marks them
/// looked at, and wakes each; activating an order starts its work. One activation per service;
/// its durable reminder brings it back on another silo when its own dies.
/// </summary>
/// <remarks>
/// Chosen over a reminder per order (what the orders had before): that was an insert and a
/// delete in the reminder table per checkout, each its own round trip and commit, where this
/// is a row written with the order itself, and a query per period for the whole service.
/// </remarks>
public sealed partial class OrderSweepGrain(
    PooledDataSource dataSource,
    IOptions<OrderOptions> options,
    IOptions<ClusterOptions> cluster,
    IOptions<ReminderOptions> reminders,
    ShopMetrics metrics,
    TimeProvider time,
    ILogger<OrderSweepGrain> logger) : Grain, IOrderSweepGrain, IRemindable
{
    private const string KeepAliveReminder = "sweep";

    /// <summary>Orders taken from the table per query, and woken per round of calls.</summary>
    private const int Batch = 256;
    private const int WakeAtOnce = 32;

    /// <summary>
    /// The reminder brings the sweep back (on another silo when this one dies) and sweeps too,
    /// as often as Orleans allows up to <c>Orders:SweepPeriod</c> (its minimum reminder period is
    /// a minute unless set lower); the activation's timer sweeps every <c>Orders:SweepPeriod</c>.
    /// </summary>
    private TimeSpan KeepAlivePeriod => options.Value.SweepPeriod > reminders.Value.MinimumReminderPeriod
        ? options.Value.SweepPeriod
        : reminders.Value.MinimumReminderPeriod;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(_ => SweepAsync(), new GrainTimerCreationOptions
        {
            DueTime = options.Value.SweepPeriod,
            Period = options.Value.SweepPeriod,
            KeepAlive = true,
        });
        return Task.CompletedTask;
    }

    public async Task StartAsync() => await this.RegisterOrUpdateReminder(KeepAliveReminder, KeepAlivePeriod, KeepAlivePeriod);

    /// <summary>Sweeps too, so the work runs on the durable reminder even if this activation's timer did not.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepAsync();

    public async Task<int> SweepAsync()
    {
        var woken = 0;
        try
        {
            while (true)
            {
                // The connection goes back to the pool before any order is called.
                var due = await DueAsync();
                for (var i = 0; i < due.Count; i += WakeAtOnce)
                {
                    await Task.WhenAll(due.Skip(i).Take(WakeAtOnce).Select(WakeOrderAsync));
                }
                woken += due.Count;
                if (due.Count < Batch)
                {
                    break;
                }
            }
            metrics.StuckOrdersCounted(await CountStuckAsync());
        }
        catch (NpgsqlException ex)
        {
            // The next period tries again.
            LogSweepFailed(logger, ex);
        }
        if (woken > 0)
        {
            LogWoken(logger, woken);
        }
        return woken;
    }

    private async Task<List<string>> DueAsync()
    {
        await using var connection = await dataSource.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT orders_due_for_resume($1, $2, $3)", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = cluster.Value.ServiceId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = options.Value.ResumeAfter });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Batch });
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>(Batch);
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>Orders pending past <c>Orders:StuckAfter</c>, counted on the status index and no further than 10,001.</summary>
    private async Task<long> CountStuckAsync()
    {
        await using var connection = await dataSource.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM (SELECT 1 FROM orders WHERE status = 'Pending' AND created_at < $1 LIMIT 10001) AS stuck", connection);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() - options.Value.StuckAfter });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task WakeOrderAsync(string orderId)
    {
        try
        {
            await GrainFactory.GetOrder(orderId).WakeAsync();
        }
        catch (Exception ex)
        {
            // Its activation failed (storage down, a silo dying): it stays in the table for the next sweep.
            LogWakeFailed(logger, ex, orderId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The sweep woke {Count} unfinished orders")]
    private static partial void LogWoken(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep of unfinished orders could not read them; it tries again next period")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep could not wake order {OrderId}; it tries again next period")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string orderId);
}
