using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Identity;

/// <summary>
/// The whole system in the Production environment, its API taking tokens only from a real
/// OpenID Connect provider (<see cref="OidcProvider"/>) on loopback: every sign-in is a token
/// the provider issued, so the shop's flows run on the provider's tokens alone.
/// </summary>
public sealed class ProviderShopFixture : ShopFixture
{
    public static readonly string[] AdminRoles = ["admin"];

    public OidcProvider Provider { get; private set; } = null!;

    protected override string ApiEnvironment => "Production";

    protected override IReadOnlyDictionary<string, string?> ApiSettings => SettingsFor(Provider);

    /// <summary>
    /// An API's settings for a provider on plain http, refetching keys at most once a second, with
    /// the operator credential a Production API needs for its operator port.
    /// </summary>
    public static Dictionary<string, string?> SettingsFor(OidcProvider provider) => new()
    {
        ["Dashboard:Password"] = "a-production-operator-password",
        ["Auth:Authority"] = provider.Issuer,
        ["Auth:Audience"] = OidcProvider.Audience,
        ["Auth:RequireHttpsMetadata"] = "false",
        ["Auth:RefreshInterval"] = "00:00:01",
    };

    public override async Task InitializeAsync()
    {
        Provider = await OidcProvider.StartAsync(ProviderKey.New());
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }

    /// <summary>Another API process of this cluster, in the Production environment, with these settings.</summary>
    public ApiFactory StartApi(IReadOnlyDictionary<string, string?> settings, string environment = "Production")
    {
        var api = new ApiFactory(ConnectionString, ClusterId, ServiceId, environment, settings);
        api.StartServer();
        return api;
    }

    protected override async Task<HttpClient> SignedInAsync(string customerId, bool admin) =>
        Bearer(Api.CreateClient(), await Provider.TokenAsync(customerId, admin ? new { roles = AdminRoles } : null));

    public static HttpClient Bearer(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class ProviderCollectionDefinition : ICollectionFixture<ProviderShopFixture>
{
    public const string Name = "provider";
}
