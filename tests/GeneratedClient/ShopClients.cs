using Ecommerce.GeneratedClient.Sdk;
using Ecommerce.GeneratedClient.Sdk.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Ecommerce.GeneratedClient;

/// <summary>The generated client three ways: anonymous, as the customer, and as an admin, each with its own token.</summary>
internal sealed record ShopClients(ShopClient Anonymous, ShopClient Customer, ShopClient Admin)
{
    public static async Task<ShopClients> SignInAsync(string address, string customerId)
    {
        var anonymous = Create(address, new AnonymousAuthenticationProvider());
        return new ShopClients(
            anonymous,
            Create(address, await TokenAsync(anonymous, customerId, admin: false)),
            Create(address, await TokenAsync(anonymous, $"{customerId}-admin", admin: true)));
    }

    /// <summary>POST /dev/token (Development only), the way the README signs in.</summary>
    private static async Task<BaseBearerTokenAuthenticationProvider> TokenAsync(ShopClient anonymous, string customerId, bool admin)
    {
        var answer = await anonymous.Dev.Token.PostAsync(new DevTokenRequest { CustomerId = customerId, Admin = admin });
        var token = answer?.Token ?? throw new InvalidOperationException($"POST /dev/token gave no token for {customerId}.");
        return new BaseBearerTokenAuthenticationProvider(new StaticAccessToken(token));
    }

    // The document names no server (Http:PublicUrl is unset), so the address is the caller's.
    private static ShopClient Create(string address, IAuthenticationProvider authentication) =>
        new(new HttpClientRequestAdapter(authentication) { BaseUrl = address.TrimEnd('/') });
}
