using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>The one way tests sign in: a development token from the API, set as the client's bearer.</summary>
public static class SignIn
{
    public static async Task<HttpClient> AsAsync(HttpClient client, string customerId, bool admin = false)
    {
        var response = await client.PostAsJsonAsync("/dev/token", new { customerId, admin });
        Assert.True(response.IsSuccessStatusCode, $"No token for {customerId}: {(int)response.StatusCode}");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
