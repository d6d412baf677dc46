using System.Security.Cryptography;
using System.Text;

namespace Ecommerce.Grains.Interfaces.Orders;

/// <summary>
/// Order ids: a hash of the customer id and the checkout's idempotency key, so the same key
/// from the same customer is the same order, and the same key from another customer is not.
/// The "ord_" prefix keeps the storage from reading the id as a number.
/// </summary>
public static class OrderIds
{
    public static string For(string customerId, string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{customerId}\n{idempotencyKey}"));
        return "ord_" + Convert.ToHexStringLower(hash, 0, 12);
    }

    public static bool IsWellFormed(string id) =>
        id.Length == 28 && id.StartsWith("ord_", StringComparison.Ordinal) && id[4..].All(char.IsAsciiHexDigitLower);

    public static IOrderGrain GetOrder(this IGrainFactory grains, string orderId) => grains.GetGrain<IOrderGrain>(orderId);
}
