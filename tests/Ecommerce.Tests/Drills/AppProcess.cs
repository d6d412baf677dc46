using System.Diagnostics;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Drills;

/// <summary>One of the system's apps as a real operating-system process, its output kept in a log file.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppProcess(Process process, StreamWriter log, string name, Uri web)
    {
        _process = process;
        _log = log;
        Name = name;
        Web = web;
    }

    public string Name { get; }
    public Uri Web { get; }
    public bool HasExited => _process.HasExited;

    public static AppProcess Start(string app, string name, int webPort, IReadOnlyDictionary<string, string> settings, string logDirectory)
    {
        var dll = Infrastructure.BuiltApps.PathOf(app);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Urls"] = $"http://127.0.0.1:{webPort}" },
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        var log = new StreamWriter(Path.Combine(logDirectory, $"{name}.log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, log, name, new Uri($"http://127.0.0.1:{webPort}/"));
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Web, Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () =>
        {
            Assert.False(_process.HasExited, $"{Name} exited with {(_process.HasExited ? _process.ExitCode : 0)} while starting.");
            using var ready = await http.GetAsync("health/ready");
            return ready.IsSuccessStatusCode;
        }, $"{Name} is ready", timeout);
    }

    /// <summary>SIGKILL: the process dies at once, as in a crash.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, then waits for the graceful exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }
}
