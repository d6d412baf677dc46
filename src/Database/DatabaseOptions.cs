using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Database;

/// <summary>
/// The PostgreSQL connection and its pool: the process's one <c>NpgsqlDataSource</c> is
/// built from these, and every Orleans provider and query of the process shares it.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>
    /// Server, database and credentials; pool settings below override any given here. Several
    /// hosts (<c>Host=db1:5432,db2:5432</c>) are a primary and its standbys: every connection goes
    /// to whichever is primary at the time (<c>Target Session Attributes=primary</c>, the default
    /// for a list, since the shop writes), so a promotion needs no change here.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = "Host=127.0.0.1;Port=5432;Database=ecommerce;Username=postgres";

    /// <summary>Connections kept open even when idle.</summary>
    [Range(0, 1000)]
    public int MinPoolSize { get; set; } = 2;

    /// <summary>Most connections open at once; callers beyond it wait.</summary>
    [Range(1, 1000)]
    public int MaxPoolSize { get; set; } = 50;

    // Npgsql counts the five durations below in whole seconds: a fraction is rounded up.

    /// <summary>An idle connection above the minimum is closed after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ConnectionIdleLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A connection is retired after this long, zero for never; lets a fail-over or a load balancer rebalance.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ConnectionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest wait to open a connection or to get one from an exhausted pool.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The deadline of every SQL command.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// With several hosts, how long what was learnt of each (primary, standby, down) is trusted:
    /// a promoted standby is found within this, and a host that was down is tried again this often.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HostRecheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Statements prepared automatically per connection; the grain storage runs the same few all day.</summary>
    [Range(0, 1000)]
    public int MaxAutoPrepare { get; set; } = 32;
}
