using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Api.Orders;

/// <summary>
/// A <c>status</c> parameter: exactly one of the names, in any case. Not <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/>,
/// which also takes numbers, surrounding spaces and comma-separated lists it combines into another value
/// (<c>Confirmed,Failed</c> is <c>Cancelled</c>).
/// </summary>
public static class Statuses
{
    public static OrderStatus? Parse(string value)
    {
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            if (string.Equals(value, status.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return status;
            }
        }
        return null;
    }
}
