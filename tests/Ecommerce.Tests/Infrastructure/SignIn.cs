using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ecommerce.ServiceDefaults.Operators;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>The one way tests sign in: a development token from the API, set as the client's bearer; or as the operator.</summary>
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

    /// <summary>The operator credential (the development one), set as the client's Basic authorization.</summary>
    public static HttpClient AsOperator(HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{OperatorOptions.DevelopmentPassword}")));
        return client;
    }
}
