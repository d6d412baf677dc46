using Npgsql;

namespace Ecommerce.Database;

/// <summary>
/// The one schema step: the Orleans provider tables and queries and the project's own
/// tables. Every script is idempotent, and an advisory lock makes concurrent appliers
/// (several silos starting at once) take turns, so applying it again changes nothing.
/// </summary>
public static class DatabaseSchema
{
    // Any constant shared by all appliers; "ecomschm" in ASCII.
    private const long SchemaLockId = 0x65636f6d7363686d;

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var takeLock = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockId})", connection, transaction))
        {
            await takeLock.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (name, sql) in Scripts())
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 120 };
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException($"Schema script {name} failed: {ex.MessageText}", ex);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public static IEnumerable<(string Name, string Sql)> Scripts()
    {
        var assembly = typeof(DatabaseSchema).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Schema/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name, reader.ReadToEnd());
        }
    }
}
