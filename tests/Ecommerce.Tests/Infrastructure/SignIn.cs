using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ecommerce.ServiceDefaults.Operators;
using Ecommerce.Api.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

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

    /// <summary>
    /// A token with exactly these claims, signed by the API's development issuer (so valid but
    /// for what the claims say), for the claims <c>/dev/token</c> would never issue.
    /// </summary>
    public static string Sign(this ApiFactory api, IDictionary<string, object> claims)
    {
        var auth = api.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = api.Services.GetRequiredService<DevelopmentIssuer>().SigningCredentials,
        });
    }
}
