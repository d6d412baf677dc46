using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;

namespace Ecommerce.Database;

/// <summary>
/// The process's pool as every caller uses it: the one <see cref="NpgsqlDataSource"/>, plus
/// what Npgsql 10 does not measure itself: how many callers are waiting for a connection
/// and how long they waited (<c>ecommerce.db.connection.*</c>). The inner data source is the
/// container's own singleton, which the container disposes, not this wrapper.
/// </summary>
public sealed class PooledDataSource : DbDataSource
{
    private readonly NpgsqlDataSource _inner;
    private readonly Histogram<double> _waitTime;
    private int _waiting;

    public PooledDataSource(NpgsqlDataSource inner, IMeterFactory meters)
    {
        _inner = inner;
        var meter = meters.Create(ServiceDefaults.Telemetry.Name);
        _waitTime = meter.CreateHistogram<double>("ecommerce.db.connection.wait_time", "s",
            "Time to get an open connection from the pool (or to open one).");
        meter.CreateObservableUpDownCounter("ecommerce.db.connection.pending_requests", () => Volatile.Read(ref _waiting),
            "{request}", "Callers waiting for a pooled connection.");
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
            return _inner.OpenConnection();
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
            return await _inner.OpenConnectionAsync(cancellationToken);
        }
        finally
        {
            End(started);
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
