using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ecommerce.LoadTool;

/// <summary>The load tool's one way to sign in: a development token, waiting out the anonymous rate limit.</summary>
internal static class SignIn
{
    public static async Task<AuthenticationHeaderValue> TokenAsync(HttpClient http, string customerId, bool admin = false,
        CancellationToken cancellationToken = default)
    {
        while (true)
        {
            using var response = await http.PostAsJsonAsync("dev/token", new { customerId, admin }, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }
            response.EnsureSuccessStatusCode();
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString();
            return new AuthenticationHeaderValue("Bearer", token);
        }
    }
}
