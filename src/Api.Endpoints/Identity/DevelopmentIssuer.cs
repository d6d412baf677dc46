using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace Ecommerce.Api.Identity;

/// <summary>
/// The Development environment's OpenID Connect issuer: a discovery document and a JWKS with
/// one ES256 key, read by the same JwtBearer configuration manager that reads a real
/// provider's, so Development checks tokens the way Production does. The documents reach it
/// from memory (<see cref="Documents"/>) and are published under <c>/dev/</c> for tools.
/// The key is derived from the public <see cref="AuthOptions.DevelopmentSigningKey"/>, not
/// generated at start: every Development process (the run command's silos, a separate API)
/// then accepts every other's tokens, and a restart does not void them.
/// </summary>
public sealed class DevelopmentIssuer
{
    /// <summary>Names the documents in memory; .invalid never resolves (RFC 2606), so nothing is fetched from it.</summary>
    public const string Address = "https://development-issuer.invalid/dev";

    public const string KeyId = "development-es256";

    private readonly ECDsaSecurityKey _key;
    private readonly string _issuer;

    public DevelopmentIssuer(IOptions<AuthOptions> options)
    {
        _issuer = options.Value.Issuer;
        // Any 256-bit value below the curve's order is a P-256 private key; the public point follows from it.
        var privateKey = SHA256.HashData(Encoding.UTF8.GetBytes(AuthOptions.DevelopmentSigningKey));
        _key = new ECDsaSecurityKey(ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateKey })) { KeyId = KeyId };
    }

    public static string MetadataAddress => $"{Address}/.well-known/openid-configuration";

    public SigningCredentials SigningCredentials => new(_key, SecurityAlgorithms.EcdsaSha256);

    /// <summary>The documents a configuration manager reads, by their addresses under <see cref="Address"/>.</summary>
    public IDocumentRetriever Documents => new InMemoryDocuments(new Dictionary<string, string>
    {
        [MetadataAddress] = Discovery(Address),
        [$"{Address}/jwks"] = Jwks(),
    });

    /// <summary>The discovery document, naming the JWKS under <paramref name="baseAddress"/>.</summary>
    public string Discovery(string baseAddress) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["issuer"] = _issuer,
        ["jwks_uri"] = $"{baseAddress}/jwks",
        ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.EcdsaSha256 },
    });

    /// <summary>The public key alone, as a JWK set.</summary>
    public string Jwks()
    {
        var point = _key.ECDsa.ExportParameters(includePrivateParameters: false).Q;
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "EC", ["crv"] = "P-256", ["use"] = "sig", ["alg"] = SecurityAlgorithms.EcdsaSha256, ["kid"] = KeyId,
                    ["x"] = Base64UrlEncoder.Encode(point.X), ["y"] = Base64UrlEncoder.Encode(point.Y),
                },
            },
        });
    }

    /// <summary>The retriever the library has for HTTP and files, for documents held in memory.</summary>
    private sealed class InMemoryDocuments(IReadOnlyDictionary<string, string> documents) : IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
            documents.TryGetValue(address, out var document)
                ? Task.FromResult(document)
                : Task.FromException<string>(new IOException($"The development issuer has no document at {address}."));
    }
}
