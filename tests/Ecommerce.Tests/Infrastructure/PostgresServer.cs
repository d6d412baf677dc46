using System.Diagnostics;
using Ecommerce.Database;
using Npgsql;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// The run's throwaway PostgreSQL: started from the machine's binaries into a temp folder
/// on a free port (as the postgres user when the tests run as root), stopped when the test
/// process exits. Set ECOMMERCE_TEST_POSTGRES to a connection string to use a server of
/// your own instead. Each fixture gets a database of its own with the schema applied.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "ECOMMERCE_TEST_POSTGRES";

    private const string TempPrefix = "ecommerce-pg-";

    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(() => StartNewAsync(shared: true));

    private readonly string _adminConnectionString;
    private readonly string? _dataDirectory;
    private readonly string? _binaries;

    private PostgresServer(string adminConnectionString, string? dataDirectory, string? binaries)
    {
        _adminConnectionString = adminConnectionString;
        _dataDirectory = dataDirectory;
        _binaries = binaries;
    }

    public static Task<PostgresServer> SharedAsync() => SharedServer.Value;

    /// <summary>A server of the test's own, for tests that stop it; dispose it to remove it.</summary>
    public static Task<PostgresServer> StartDedicatedAsync() => StartNewAsync(shared: false);

    public async ValueTask DisposeAsync()
    {
        if (_dataDirectory is not null)
        {
            await StopAsync();
            Directory.Delete(Path.GetDirectoryName(_dataDirectory)!, recursive: true);
        }
    }

    /// <summary>Creates an empty database with the project's schema and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(_adminConnectionString))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE {name}");
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await DatabaseSchema.ApplyAsync(dataSource);
        return connectionString;
    }

    /// <summary>Stops the server at once, as a crash or a pulled cable would; see <see cref="StartAgainAsync"/>.</summary>
    public Task StopAsync() => PgCtlAsync("stop", "-m", "immediate");

    public Task StartAgainAsync() => PgCtlAsync("start", "-w", "-t", "30", "-l", Path.Combine(_dataDirectory!, "server.log"));

    private static async Task<PostgresServer> StartNewAsync(bool shared)
    {
        if (shared && Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } external)
        {
            return new PostgresServer(external, null, null);
        }

        var binaries = FindBinaries();
        RemoveAbandonedServers();
        // <temp>/ecommerce-pg-*/owner names the test process; data/ is the cluster.
        var root = Directory.CreateTempSubdirectory(TempPrefix).FullName;
        if (!OperatingSystem.IsWindows())
        {
            // The postgres user must be able to pass through to data/.
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        await File.WriteAllTextAsync(Path.Combine(root, "owner"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var directory = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        var port = FreePorts.Next();
        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false", directory, binaries);

        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:postgres", directory);
        }
        await RunAsPostgresAsync(Path.Combine(binaries, "initdb"),
            "-D", directory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
        await File.AppendAllTextAsync(Path.Combine(directory, "postgresql.conf"),
            $"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{directory}'\n" +
            "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 300\n");
        await server.StartAgainAsync();

        if (shared)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Destroy();
        }
        return server;
    }

    /// <summary>
    /// Folders of earlier test processes that are gone (an exit handler can be cut short),
    /// whose server is stopped. A folder of a live test process is never touched, even while
    /// its server is stopped on purpose.
    /// </summary>
    private static void RemoveAbandonedServers()
    {
        foreach (var root in Directory.GetDirectories(Path.GetTempPath(), TempPrefix + "*"))
        {
            var owner = Path.Combine(root, "owner");
            var abandoned = !File.Exists(owner)
                || !int.TryParse(File.ReadAllText(owner), out var pid)
                || !Directory.Exists($"/proc/{pid}");
            if (abandoned && !File.Exists(Path.Combine(root, "data", "postmaster.pid")))
            {
                try { Directory.Delete(root, recursive: true); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }

    private void Destroy()
    {
        try
        {
            PgCtlAsync("stop", "-m", "immediate").Wait(TimeSpan.FromSeconds(20));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(_dataDirectory)!, recursive: true);
        }
    }

    private Task PgCtlAsync(params string[] arguments) =>
        RunAsPostgresAsync(Path.Combine(_binaries!, "pg_ctl"), ["-D", _dataDirectory!, .. arguments]);

    private static Task RunAsPostgresAsync(string program, params string[] arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments])
            : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions.Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault()
            ?? throw new InvalidOperationException(
                $"No PostgreSQL server binaries under /usr/lib/postgresql: install them (apt-get install postgresql) or set {EnvironmentVariable}.");
    }
}
