using Ecommerce.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ecommerce.Database;

public static class DatabaseHostingExtensions
{
    /// <summary>
    /// Adds the process's one <see cref="NpgsqlDataSource"/>, its pool configured and
    /// validated from the <c>Database</c> section, and a readiness check that uses it.
    /// The host owns it and disposes it last.
    /// </summary>
    public static IHostApplicationBuilder AddEcommerceDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.SectionName)
            .Validate(o => o.MinPoolSize <= o.MaxPoolSize, "Database:MinPoolSize must not exceed Database:MaxPoolSize.")
            .Validate(o => IsParsable(o.ConnectionString), "Database:ConnectionString is not a valid PostgreSQL connection string.")
            .Validate(o => !IsParsable(o.ConnectionString) || TargetsThePrimary(new NpgsqlConnectionStringBuilder(o.ConnectionString)),
                "Database:ConnectionString lists several hosts with a Target Session Attributes that may pick a standby; " +
                "the shop writes, so it takes primary (the default for a list) or read-write.");

        builder.Services.AddSingleton(sp => CreateDataSource(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>()));

        builder.Services.AddSingleton<PooledDataSource>();

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ServiceDefaults.ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>Applies <see cref="DatabaseSchema"/> through the host's data source, for a one-off schema step.</summary>
    public static async Task ApplyDatabaseSchemaAsync(this IHost host)
    {
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseSchema));
        await DatabaseSchema.ApplyAsync(host.Services.GetRequiredService<NpgsqlDataSource>());
        logger.LogInformation("Database schema applied");
    }

    private const string PoolName = "ecommerce";

    private static NpgsqlDataSource CreateDataSource(DatabaseOptions options, ILoggerFactory loggerFactory)
    {
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            // This data source is the process's one pool, whatever the connection string says.
            Pooling = true,
            MinPoolSize = options.MinPoolSize,
            MaxPoolSize = options.MaxPoolSize,
            ConnectionIdleLifetime = WholeSeconds(options.ConnectionIdleLifetime),
            ConnectionLifetime = WholeSeconds(options.ConnectionLifetime),
            Timeout = WholeSeconds(options.ConnectTimeout),
            CommandTimeout = WholeSeconds(options.CommandTimeout),
            MaxAutoPrepare = options.MaxAutoPrepare,
            AutoPrepareMinUsages = 2,
            // Nothing here changes session state (no SET, LISTEN, temporary tables or session
            // advisory locks; the schema lock is transaction-scoped), so the reset statement a
            // pooled connection otherwise sends before its next command is a wasted round trip:
            // it was half the statements PostgreSQL ran for a cart write.
            NoResetOnClose = true,
            HostRecheckSeconds = WholeSeconds(options.HostRecheckInterval),
        };
        if (IsHostList(connection))
        {
            // A primary and its standbys: every connection goes to whichever is primary now. A
            // connection to a server that died breaks, and Npgsql then marks that host down and
            // empties its pool, so none is handed out again.
            connection.TargetSessionAttributes ??= "primary";
        }
        // The name labels the pool's metrics; without it they would carry the connection string.
        return new NpgsqlDataSourceBuilder(connection.ConnectionString) { Name = PoolName }
            .UseLoggerFactory(loggerFactory)
            .Build();
    }

    private static int WholeSeconds(TimeSpan duration) => (int)Math.Ceiling(duration.TotalSeconds);

    private static bool IsHostList(NpgsqlConnectionStringBuilder connection) => connection.Host?.Contains(',', StringComparison.Ordinal) == true;

    private static bool TargetsThePrimary(NpgsqlConnectionStringBuilder connection) =>
        !IsHostList(connection) || connection.TargetSessionAttributes?.ToLowerInvariant() is null or "primary" or "read-write";

    private static bool IsParsable(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
