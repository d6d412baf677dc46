using Microsoft.Playwright;

namespace Ecommerce.Tests.Browser;

/// <summary>
/// The machine's Chromium (Debian's package), driven by Playwright through the Node driver its
/// NuGet package carries: nothing is downloaded, ever (no <c>playwright install</c>). One browser
/// per test class; each visit gets a fresh context (<see cref="VisitAsync"/>).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Every wait of a visit (a click, a text to appear) gives up after this.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Debian's path unless <c>ECOMMERCE_TEST_CHROMIUM</c> names another Chromium.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("ECOMMERCE_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Where a failed visit leaves its screenshot: <c>ECOMMERCE_TEST_RESULTS</c>, else beside the test assembly.</summary>
    public static string ResultsDirectory =>
        Environment.GetEnvironmentVariable("ECOMMERCE_TEST_RESULTS") is { Length: > 0 } path
            ? path
            : Path.Combine(AppContext.BaseDirectory, "TestResults");

    public async Task InitializeAsync()
    {
        // A missing browser fails the tests that need it, never skips them.
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {ExecutablePath}: install it with `apt-get install -y chromium` " +
                "(bash tests/run.sh, the README's test command, does), or point ECOMMERCE_TEST_CHROMIUM at another Chromium.");
        }
        Assertions.SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            // Chromium's sandbox refuses to start as root, which CI runs as.
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="visit"/> on a fresh page. Every request the page makes to a host
    /// other than this machine is blocked (so an offline run does not wait on it) and fails the
    /// visit, listed; so does an uncaught script error. On a failure the page's screenshot is
    /// saved under <see cref="ResultsDirectory"/> and named in the message.
    /// </summary>
    public async Task VisitAsync(string name, Func<IPage, Task> visit, HttpCredentials? credentials = null)
    {
        await using var context = await _browser!.NewContextAsync(new()
        {
            HttpCredentials = credentials,
            // A service worker's requests would bypass the routes below.
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        var guard = await OnThisMachine.GuardAsync(context);
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) =>
        {
            lock (scriptErrors)
            {
                scriptErrors.Add(error);
            }
        };

        Exception? failure = null;
        try
        {
            await visit(page);
        }
        catch (Exception e)
        {
            failure = e;
        }

        var problems = new List<string>();
        if (failure is not null)
        {
            problems.Add(failure.Message);
        }
        if (!guard.Elsewhere.IsEmpty)
        {
            problems.Add($"The page requested other hosts (blocked):{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", guard.Elsewhere)}");
        }
        lock (scriptErrors)
        {
            if (scriptErrors.Count > 0)
            {
                problems.Add($"Uncaught script errors:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", scriptErrors)}");
            }
        }
        if (problems.Count == 0)
        {
            return;
        }
        problems.Add(await ScreenshotAsync(page, name));
        throw new Xunit.Sdk.XunitException($"{name} at {page.Url}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}", failure);
    }

    private static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ResultsDirectory, "browser", $"{name}.png");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await page.ScreenshotAsync(new() { Path = path, FullPage = true, Timeout = 5_000 });
            return $"Screenshot: {path}";
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or IOException)
        {
            return $"(no screenshot: {e.Message})";
        }
    }
}
