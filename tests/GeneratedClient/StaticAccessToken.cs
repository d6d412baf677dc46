using Microsoft.Kiota.Abstractions.Authentication;

namespace Ecommerce.GeneratedClient;

/// <summary>A bearer token obtained once, sent to the one API this client talks to.</summary>
internal sealed class StaticAccessToken(string token) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default) => Task.FromResult(token);
}
