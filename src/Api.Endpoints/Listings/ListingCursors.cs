using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Ecommerce.Grains.Interfaces.Listings;

namespace Ecommerce.Api.Listings;

/// <summary>
/// Issues and reads the opaque <c>next</c> cursors of the listings: the listing's name, its
/// filters (the customer's id too, for "my orders"), where the next page starts and its number,
/// signed with the shop's key (<see cref="ICursorKeyGrain"/>). A cursor that was not issued
/// here, or was altered in any way, does not read.
/// </summary>
public sealed class ListingCursors(IGrainFactory grains)
{
    /// <summary>Longer than any cursor issued (a 64-character customer id, a 200-character search).</summary>
    public const int MaxLength = 2048;

    private const int MacBytes = 16;
    private Task<byte[]>? _key;

    public async Task<string> IssueAsync(ListingCursor cursor)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(cursor);
        var mac = HMACSHA256.HashData(await KeyAsync(), payload).AsSpan(0, MacBytes);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(mac)}";
    }

    /// <summary>The cursor, or null if it was not issued by the shop as it stands.</summary>
    public async Task<ListingCursor?> ReadAsync(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (text.Length > MaxLength || dot < 0
            || !TryDecode(text[..dot], out var payload) || !TryDecode(text[(dot + 1)..], out var mac) || mac.Length != MacBytes)
        {
            return null;
        }
        var expected = HMACSHA256.HashData(await KeyAsync(), payload).AsSpan(0, MacBytes);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ListingCursor>(payload);
        }
        catch (JsonException)
        {
            return null; // signed by the shop, so only an older shape of cursor gets here
        }
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text))
        {
            return false;
        }
        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }

    /// <summary>Fetched once per process; a failed fetch is tried again by the next request.</summary>
    private Task<byte[]> KeyAsync()
    {
        var key = _key;
        if (key is null || key.IsFaulted || key.IsCanceled)
        {
            key = grains.GetGrain<ICursorKeyGrain>(0).GetAsync();
            _key = key;
        }
        return key;
    }
}

/// <summary>What a cursor carries: the listing, its filters by name, the sort key it continues after, the page's number.</summary>
public sealed record ListingCursor(string Listing, IReadOnlyDictionary<string, string?> Filters, IReadOnlyList<string> After, int Page);
