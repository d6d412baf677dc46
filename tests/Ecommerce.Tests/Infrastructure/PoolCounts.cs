using System.Reflection;
using Npgsql;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// The pool's own counts for one data source. Npgsql 10 keeps them internal (they are the
/// numbers behind its db.client.connection.count metric), and that metric cannot tell the
/// silo's pool from the API's or another fixture's in one test process: every process names
/// its pool "ecommerce".
/// </summary>
public static class PoolCounts
{
    public static Func<(int Total, int Idle, int Busy)> Of(NpgsqlDataSource dataSource)
    {
        var statistics = typeof(NpgsqlDataSource).GetProperty("Statistics", BindingFlags.Instance | BindingFlags.NonPublic);
        Assert.True(statistics?.PropertyType == typeof((int, int, int)),
            "NpgsqlDataSource.Statistics is gone or changed in this Npgsql version: read the pool's counts another way.");
        return () => ((int, int, int))statistics!.GetValue(dataSource)!;
    }
}
