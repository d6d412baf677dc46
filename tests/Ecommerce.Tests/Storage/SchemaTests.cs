using Ecommerce.Database;
using Ecommerce.Tests.Infrastructure;
using Npgsql;

namespace Ecommerce.Tests.Storage;

/// <summary>
/// The schema step (Database/Schema) as every start of a silo runs it: over a database that
/// already holds the shop's data.
/// </summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task ApplyingTheSchemaAgainKeepsEveryStoredRowAndItsVersion()
    {
        var server = await PostgresServer.SharedAsync();
        await using var data = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        var written = await ScalarAsync<int?>(data,
            "SELECT orleans_storage_write(7, 0, 0, 7, 'cart', 'schema-test', 'ecommerce', NULL, '\\x7b7d'::bytea)");
        Assert.Equal(1, written);

        await DatabaseSchema.ApplyAsync(data);

        Assert.Equal(1, await ScalarAsync<int?>(data,
            "SELECT version FROM orleans_storage_read(7, 0, 0, 7, 'cart', 'schema-test', 'ecommerce')"));
        Assert.Equal(2, await ScalarAsync<int?>(data,
            "SELECT orleans_storage_write(7, 0, 0, 7, 'cart', 'schema-test', 'ecommerce', 1, '\\x7b7d'::bytea)"));
    }

    [Theory]
    [InlineData("orleansstorage")]
    [InlineData("orders")]
    public async Task AutovacuumAnalyzesTheBusiestTablesFromASmallSample(string table)
    {
        var server = await PostgresServer.SharedAsync();
        await using var data = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());

        // ANALYZE samples 300 rows per unit of the largest target: 3,000 rows, not 30,000. A
        // column left at -1 takes the server's default (100), so one such column is enough to
        // bring the large sample back.
        var largest = await ScalarAsync<int>(data, $"""
            SELECT max(CASE WHEN attstattarget < 0 THEN current_setting('default_statistics_target')::int ELSE attstattarget END)
            FROM pg_attribute WHERE attrelid = '{table}'::regclass AND attnum > 0 AND NOT attisdropped
            """);
        Assert.Equal(10, largest);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default! : (T)value;
    }
}
