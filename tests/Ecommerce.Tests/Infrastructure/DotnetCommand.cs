using System.Diagnostics;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>The dotnet CLI as a child process (a local tool, a build, a built app), for tests that act as a developer would.</summary>
internal static class DotnetCommand
{
    /// <summary>Runs <c>dotnet</c> with the arguments; fails the test when it does not finish within the timeout.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IReadOnlyList<string> arguments,
        TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // `dotnet test` hands its MSBuild settings down to the test host; a build started from here
        // must find its own, as it would in a terminal.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        // A build server the command left running would hold the pipes open: wait for them only briefly.
        await Task.WhenAll(output, error).WaitAsync(TimeSpan.FromSeconds(10));
        return (process.ExitCode, await output + await error);
    }
}
