using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Grains.Orders;

/// <summary>Checkout deadlines and how unfinished orders are carried forward (the <c>Orders</c> section).</summary>
public sealed class OrderOptions
{
    public const string SectionName = "Orders";

    /// <summary>
    /// A checkout answers within this, whatever the outside services do; unfinished work goes on
    /// in the background. Below the API's grain-call deadline (<c>Orleans:ResponseTimeout</c>, 3 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan CheckoutDeadline { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>While an order is active, unfinished work is retried this often.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>When the durable reminder first looks at an unfinished order (after a crash, a deactivation).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReminderDueTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the reminder looks again; Orleans refuses periods under its minimum reminder period (1 minute unless set lower).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
