using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;

namespace Ecommerce.Database;

/// <summary>
/// The process's pool as every caller uses it: the one <see cref="NpgsqlDataSource"/>, plus
/// what Npgsql 10 does not measure itself: how many callers are waiting for a connection
/// and how long they waited, how many could get none, and for how long the process had no
/// database to write to (<c>ecommerce.db.*</c>). The inner data source is the container's own
/// singleton, which the container disposes, not this wrapper.
/// </summary>
public sealed class PooledDataSource : DbDataSource
{
    /// <summary>The ADO.NET provider name that Orleans' clustering, reminders and grain storage take with this data source.</summary>
    public const string Invariant = "Npgsql";

    private readonly NpgsqlDataSource _inner;
    private readonly Histogram<double> _waitTime;
    private readonly Counter<long> _failures;
    private readonly Lock _outage = new();
    private int _waiting;
    private long _unavailableSince;
    private TimeSpan _unavailableBefore;

    public PooledDataSource(NpgsqlDataSource inner, IMeterFactory meters)
    {
        _inner = inner;
        var meter = meters.Create(ServiceDefaults.Telemetry.Name);
        _waitTime = meter.CreateHistogram<double>("ecommerce.db.connection.wait_time", "s",
            "Time to get an open connection from the pool (or to open one).");
        meter.CreateObservableUpDownCounter("ecommerce.db.connection.pending_requests", () => Volatile.Read(ref _waiting),
            "{request}", "Callers waiting for a pooled connection.");
        _failures = meter.CreateCounter<long>("ecommerce.db.connection.failures", "{attempt}",
            "Attempts to get a connection to the primary that failed: no server reachable, none of the hosts primary, or no connection in time.");
        meter.CreateObservableCounter("ecommerce.db.unavailable.time", () => UnavailableTime.TotalSeconds, "s",
            "Time during which no connection to the primary could be had: from a failed attempt to the next one that succeeded.");
    }

    /// <summary>All the time so far from a failed attempt to get a connection to the next successful one.</summary>
    public TimeSpan UnavailableTime
    {
        get
        {
            lock (_outage)
            {
                return _unavailableBefore + (_unavailableSince == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_unavailableSince));
            }
        }
    }

    public override string ConnectionString => _inner.ConnectionString;

    /// <summary>An open connection, for the project's own queries.</summary>
    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        (NpgsqlConnection)await OpenDbConnectionAsync(cancellationToken);

    protected override DbConnection CreateDbConnection() => _inner.CreateConnection();

    protected override DbCommand CreateDbCommand(string? commandText = null) => _inner.CreateCommand(commandText);

    protected override DbBatch CreateDbBatch() => _inner.CreateBatch();

    protected override DbConnection OpenDbConnection()
    {
        var started = Begin();
        try
        {
            var connection = _inner.OpenConnection();
            Available();
            return connection;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Unavailable();
            throw;
        }
        finally
        {
            End(started);
        }
    }

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        var started = Begin();
        try
        {
            var connection = await _inner.OpenConnectionAsync(cancellationToken);
            Available();
            return connection;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Unavailable();
            throw;
        }
        finally
        {
            End(started);
        }
    }

    private void Available()
    {
        // The common case, a connection while the database is up, takes no lock.
        if (Volatile.Read(ref _unavailableSince) == 0)
        {
            return;
        }
        lock (_outage)
        {
            if (_unavailableSince != 0)
            {
                _unavailableBefore += Stopwatch.GetElapsedTime(_unavailableSince);
                _unavailableSince = 0;
            }
        }
    }

    private void Unavailable()
    {
        _failures.Add(1);
        lock (_outage)
        {
            if (_unavailableSince == 0)
            {
                _unavailableSince = Stopwatch.GetTimestamp();
            }
        }
    }

    private long Begin()
    {
        Interlocked.Increment(ref _waiting);
        return Stopwatch.GetTimestamp();
    }

    private void End(long started)
    {
        Interlocked.Decrement(ref _waiting);
        _waitTime.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
