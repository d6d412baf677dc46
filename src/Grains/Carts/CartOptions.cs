using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Grains.Carts;

/// <summary>Cart expiry (the <c>Carts</c> section).</summary>
public sealed class CartOptions
{
    public const string SectionName = "Carts";

    /// <summary>A cart untouched this long is emptied.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often an idle cart is looked at after its first expiry date; Orleans reminders tick at most once a minute.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan ExpiryCheckPeriod { get; set; } = TimeSpan.FromDays(1);
}
