using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Ecommerce.Tests.Identity;

/// <summary>Compact JWS written by hand, so an attack can set any header (alg none, jku, x5u, jwk, a kid of its choosing).</summary>
internal static class ForgedTokens
{
    public static Dictionary<string, object> Claims(string issuer, string audience, string? subject = null) => new()
    {
        ["iss"] = issuer,
        ["aud"] = audience,
        ["sub"] = subject ?? $"c-{Guid.NewGuid():N}",
        ["roles"] = new[] { "admin" },
        ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(),
    };

    public static string Unsigned(Dictionary<string, object> header, Dictionary<string, object> claims) =>
        $"{Part(header)}.{Part(claims)}.";

    public static string Hmac(byte[] key, Dictionary<string, object> header, Dictionary<string, object> claims) =>
        Sign(header, claims, "HS256", input => HMACSHA256.HashData(key, input));

    public static string Rsa(RSA key, Dictionary<string, object> header, Dictionary<string, object> claims) =>
        Sign(header, claims, "RS256", input => key.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Ecdsa(ECDsa key, Dictionary<string, object> header, Dictionary<string, object> claims) =>
        Sign(header, claims, "ES256", input => key.SignData(input, HashAlgorithmName.SHA256));

    private static string Sign(Dictionary<string, object> header, Dictionary<string, object> claims, string alg, Func<byte[], byte[]> signature)
    {
        var signed = $"{Part(new Dictionary<string, object>(header) { ["alg"] = alg })}.{Part(claims)}";
        return $"{signed}.{Base64UrlEncoder.Encode(signature(Encoding.ASCII.GetBytes(signed)))}";
    }

    private static string Part(Dictionary<string, object> json) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(json));
}
