using System.Diagnostics;
using Ecommerce.Database;
using Npgsql;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// The run's throwaway PostgreSQL: started from the machine's binaries into a temp folder
/// on a free port (as the postgres user when the tests run as root), stopped when the test
/// process exits. Set ECOMMERCE_TEST_POSTGRES to a connection string to use a server of
/// your own instead. Each fixture gets a database of its own with the schema applied.
/// A replicated server takes a synchronous standby, fails over to it and comes back as its
/// standby through <c>deploy/local/database.sh</c>, the run command's own script.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "ECOMMERCE_TEST_POSTGRES";

    private const string TempPrefix = "ecommerce-pg-";

    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(() => StartNewAsync(shared: true));

    private readonly string _adminConnectionString;
    private readonly string? _dataDirectory;
    private readonly string? _binaries;

    private PostgresServer(string adminConnectionString, string? dataDirectory, string? binaries, string name = "")
    {
        _adminConnectionString = adminConnectionString;
        _dataDirectory = dataDirectory;
        _binaries = binaries;
        Name = name;
    }

    /// <summary>A replicated server's name: its standby's application name and replication slot.</summary>
    public string Name { get; }

    public int Port => new NpgsqlConnectionStringBuilder(_adminConnectionString).Port;

    public static Task<PostgresServer> SharedAsync() => SharedServer.Value;

    /// <summary>A server of the test's own, for tests that stop it; dispose it to remove it.</summary>
    public static Task<PostgresServer> StartDedicatedAsync() => StartNewAsync(shared: false);

    /// <summary>
    /// A server of the test's own that a standby can follow: commits wait for the synchronous
    /// standby once it has one, and it keeps what pg_rewind needs to bring it back as a standby.
    /// </summary>
    public static Task<PostgresServer> StartReplicatedAsync(string name) => StartNewAsync(shared: false, name);

    /// <summary>The connection string of a database on a primary and its standbys: whichever is primary serves.</summary>
    public static string HostList(string connectionString, params PostgresServer[] servers) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            Host = string.Join(',', servers.Select(s => $"127.0.0.1:{s.Port}")),
            TargetSessionAttributes = "primary",
        }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        if (_dataDirectory is not null)
        {
            if (IsRunning())
            {
                await StopAsync();
            }
            Directory.Delete(Path.GetDirectoryName(_dataDirectory)!, recursive: true);
        }
    }

    /// <summary>A synchronous standby of this server, by base backup, started; this server's commits then wait for it.</summary>
    public async Task<PostgresServer> StartStandbyAsync(string name)
    {
        var (directory, port) = await CreateFolderAsync();
        await RunScriptAsync("standby", "--data", directory, "--port", Invariant(port), "--name", name, "--primary-port", Invariant(Port));
        return new PostgresServer(AdminConnectionString(port), directory, _binaries, name);
    }

    /// <summary>SIGKILL to the server and all its processes at once, as in a crash of its machine.</summary>
    public async Task KillAsync()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(_dataDirectory!, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        using (var process = Process.GetProcessById(postmaster))
        {
            process.Kill(entireProcessTree: true);
        }
        await Poll.UntilAsync(() => Task.FromResult(!IsRunning()), $"the server on port {Port} is gone after SIGKILL", TimeSpan.FromSeconds(10));
    }

    /// <summary>What an operator or Patroni does once the primary is gone: this standby becomes the primary.</summary>
    public Task PromoteAsync() => RunScriptAsync("promote", "--data", _dataDirectory!);

    /// <summary>This failed primary comes back as the synchronous standby of <paramref name="primary"/> (pg_rewind).</summary>
    public Task RejoinAsync(PostgresServer primary) =>
        RunScriptAsync("rejoin", "--data", _dataDirectory!, "--port", Invariant(Port), "--name", Name, "--primary-port", Invariant(primary.Port));

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

    private static async Task<PostgresServer> StartNewAsync(bool shared, string? replicatedName = null)
    {
        if (shared && Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } external)
        {
            return new PostgresServer(external, null, null);
        }

        var binaries = FindBinaries();
        RemoveAbandonedServers();
        var (directory, port) = await CreateFolderAsync();
        Directory.CreateDirectory(directory);
        var server = new PostgresServer(AdminConnectionString(port), directory, binaries, replicatedName ?? "");

        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:postgres", directory);
        }
        await RunAsPostgresAsync(Path.Combine(binaries, "initdb"),
            "-D", directory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
        // Without fsync a server that is killed loses nothing (the kernel still writes), only one
        // whose machine stops. A replicated one commits synchronously (once it has a standby: that
        // is the promise tested), logs full pages and hint bits for pg_rewind, and has no socket
        // file in its folder, which pg_rewind would try to copy.
        var settings = replicatedName is null
            ? $"unix_socket_directories = '{directory}'\nsynchronous_commit = off\nfull_page_writes = off\n"
            : "unix_socket_directories = ''\nsynchronous_commit = on\nfull_page_writes = on\nwal_log_hints = on\n";
        await File.AppendAllTextAsync(Path.Combine(directory, "postgresql.conf"),
            $"\nport = {port}\nlisten_addresses = '127.0.0.1'\nfsync = off\nmax_connections = 300\n{settings}");
        await server.StartAgainAsync();

        if (shared)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Destroy();
        }
        return server;
    }

    /// <summary>
    /// A new temp folder, <c>&lt;temp&gt;/ecommerce-pg-*/</c>, whose <c>owner</c> names the test
    /// process, and a free port; returns where the cluster goes (<c>data/</c>, not yet created).
    /// </summary>
    private static async Task<(string DataDirectory, int Port)> CreateFolderAsync()
    {
        var root = Directory.CreateTempSubdirectory(TempPrefix).FullName;
        if (!OperatingSystem.IsWindows())
        {
            // The postgres user must be able to pass through to data/.
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        await File.WriteAllTextAsync(Path.Combine(root, "owner"), Invariant(Environment.ProcessId));
        return (Path.Combine(root, "data"), FreePorts.Next());
    }

    private static string AdminConnectionString(int port) => $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

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

    /// <summary>
    /// Whether the server's postmaster is alive: a killed one can linger a moment as a zombie,
    /// which <c>pg_ctl</c> takes for a running server and then fails to stop.
    /// </summary>
    private bool IsRunning()
    {
        try
        {
            var postmaster = File.ReadLines(Path.Combine(_dataDirectory!, "postmaster.pid")).First();
            var stat = File.ReadAllText($"/proc/{postmaster}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].First() != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static Task RunScriptAsync(params string[] arguments) =>
        RunAsync("bash", [Path.Combine(BuiltApps.Repository, "deploy", "local", "database.sh"), .. arguments]);

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
