using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Database;

/// <summary>
/// The PostgreSQL connection and its pool: the process's one <c>NpgsqlDataSource</c> is
/// built from these, and every Orleans provider and query of the process shares it.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Server, database and credentials; pool settings below override any given here.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = "";

    /// <summary>Connections kept open even when idle.</summary>
    [Range(0, 1000)]
    public int MinPoolSize { get; set; } = 2;

    /// <summary>Most connections open at once; callers beyond it wait.</summary>
    [Range(1, 1000)]
    public int MaxPoolSize { get; set; } = 50;

    /// <summary>An idle connection above the minimum is closed after this long.</summary>
    [Range(1, 86_400)]
    public int ConnectionIdleLifetimeSeconds { get; set; } = 300;

    /// <summary>A connection is retired after this long, 0 for never; lets a fail-over or a load balancer rebalance.</summary>
    [Range(0, 86_400)]
    public int ConnectionLifetimeSeconds { get; set; } = 3_600;

    /// <summary>Longest wait to open a connection or to get one from an exhausted pool.</summary>
    [Range(1, 300)]
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>The deadline of every SQL command.</summary>
    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 10;

    /// <summary>Statements prepared automatically per connection; the grain storage runs the same few all day.</summary>
    [Range(0, 1000)]
    public int MaxAutoPrepare { get; set; } = 32;
}
