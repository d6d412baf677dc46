using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider, written by no one here: <c>oidc-provider</c> from npm
/// (tests/OidcProvider), run by the machine's node on a loopback port with the signing keys the
/// test gives it. It hands out RS256 JWT access tokens by client credentials; each customer is a
/// client the test registers, so the token's <c>sub</c> is the customer id. Keys rotate by a
/// restart on the same port with another key set. Its packages are installed from the npm
/// registry (<c>npm ci</c>, the committed lock file) the first time a test needs them.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string Audience = "urn:ecommerce-api";

    private static readonly string Folder = Path.Combine(BuiltApps.Repository, "tests", "OidcProvider");
    private static readonly SemaphoreSlim Installing = new(1, 1);
    private static readonly string[] ClientCredentials = ["client_credentials"];

    private readonly string _configFile = Path.Combine(Path.GetTempPath(), $"ecommerce-oidc-{Guid.NewGuid():N}.json");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Dictionary<string, string> _secrets = [];
    private Process? _process;

    private OidcProvider(int port) => Port = port;

    public int Port { get; }
    public string Issuer => $"http://127.0.0.1:{Port}";

    /// <summary>The key set it runs with; it signs with the first.</summary>
    public IReadOnlyList<ProviderKey> Keys { get; private set; } = [];

    public static Task<OidcProvider> StartAsync(params ProviderKey[] keys) => StartAsync(FreePorts.Next(), keys);

    public static async Task<OidcProvider> StartAsync(int port, params ProviderKey[] keys)
    {
        var provider = new OidcProvider(port);
        await provider.RunAsync(keys);
        return provider;
    }

    /// <summary>Stops it and starts it again on the same port with these keys (registered clients are forgotten).</summary>
    public async Task RestartAsync(params ProviderKey[] keys)
    {
        await StopAsync();
        await RunAsync(keys);
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
        _secrets.Clear();
    }

    /// <summary>SIGSTOP: the port still accepts connections, and nothing answers (a hung provider).</summary>
    public Task FreezeAsync() => SignalAsync("-STOP");

    public Task ThawAsync() => SignalAsync("-CONT");

    /// <summary>
    /// A token for this customer id (the client and the token's <c>sub</c>), with any extra claims,
    /// for the shop's audience unless another resource is named.
    /// </summary>
    public async Task<string> TokenAsync(string customerId, object? claims = null, string resource = Audience)
    {
        if (!_secrets.TryGetValue(customerId, out var secret))
        {
            var registration = await _http.PostAsJsonAsync($"{Issuer}/reg", new Dictionary<string, object>
            {
                ["client_name"] = customerId,
                ["grant_types"] = ClientCredentials,
                ["response_types"] = Array.Empty<string>(),
                ["redirect_uris"] = Array.Empty<string>(),
                ["token_endpoint_auth_method"] = "client_secret_basic",
                ["shop_claims"] = claims ?? new { },
            });
            Assert.True(registration.IsSuccessStatusCode, $"The provider refused the client {customerId}: {await registration.Content.ReadAsStringAsync()}");
            secret = _secrets[customerId] = (await registration.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("client_secret").GetString()!;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Issuer}/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "shop", ["resource"] = resource }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(customerId)}:{Uri.EscapeDataString(secret)}")));
        var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"No token for {customerId}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>How many times its JWKS was fetched since it started.</summary>
    public async Task<int> JwksFetchesAsync() =>
        (await _http.GetFromJsonAsync<JsonElement>($"{Issuer}/test/jwks-fetches")).GetProperty("count").GetInt32();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        File.Delete(_configFile);
        _http.Dispose();
    }

    private async Task RunAsync(ProviderKey[] keys)
    {
        await InstallAsync();
        Keys = keys;
        await File.WriteAllTextAsync(_configFile, JsonSerializer.Serialize(new
        {
            port = Port,
            audience = Audience,
            jwks = new { keys = keys.Select(k => k.Jwk(includePrivate: true)) },
        }));
        var start = new ProcessStartInfo("node", ["provider.mjs", _configFile])
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true, // the provider exits when this process does (provider.mjs)
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = _process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(async () =>
            {
                if (process.HasExited)
                {
                    Assert.Fail($"The provider exited with {process.ExitCode}: {string.Join('\n', output)}");
                }
                return (await _http.GetAsync($"{Issuer}/.well-known/openid-configuration")).IsSuccessStatusCode;
            }, $"the OpenID Connect provider answers at {Issuer}", TimeSpan.FromSeconds(30));
        }
        catch
        {
            await StopAsync(); // a fixture whose start fails is never disposed
            throw;
        }
    }

    /// <summary><c>npm ci</c> from the committed lock file, once, when the packages are not there yet.</summary>
    private static async Task InstallAsync()
    {
        await Installing.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(Folder, "node_modules", "oidc-provider", "package.json")))
            {
                return;
            }
            var install = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
            {
                WorkingDirectory = Folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("npm did not start: the identity tests need node and npm.");
            var output = install.StandardOutput.ReadToEndAsync();
            var error = install.StandardError.ReadToEndAsync();
            await install.WaitForExitAsync();
            Assert.True(install.ExitCode == 0, $"npm ci in {Folder} failed: {await output}{await error}");
        }
        finally
        {
            Installing.Release();
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process!.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }
}

/// <summary>An RSA signing key of the test provider, with its key id.</summary>
public sealed record ProviderKey(string Kid, RSA Rsa)
{
    public static ProviderKey New(string? kid = null) => new(kid ?? $"key-{Guid.NewGuid():N}", RSA.Create(2048));

    public RsaSecurityKey SecurityKey => new(Rsa) { KeyId = Kid };

    /// <summary>The key as a JWK, with the private part when the provider needs it to sign.</summary>
    public Dictionary<string, string> Jwk(bool includePrivate)
    {
        var p = Rsa.ExportParameters(includePrivate);
        var jwk = new Dictionary<string, string>
        {
            ["kty"] = "RSA", ["kid"] = Kid, ["use"] = "sig", ["alg"] = "RS256",
            ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
        if (includePrivate)
        {
            jwk["d"] = Base64UrlEncoder.Encode(p.D);
            jwk["p"] = Base64UrlEncoder.Encode(p.P);
            jwk["q"] = Base64UrlEncoder.Encode(p.Q);
            jwk["dp"] = Base64UrlEncoder.Encode(p.DP);
            jwk["dq"] = Base64UrlEncoder.Encode(p.DQ);
            jwk["qi"] = Base64UrlEncoder.Encode(p.InverseQ);
        }
        return jwk;
    }
}
