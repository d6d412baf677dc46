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

    /// <summary>
    /// How long a checkout waits for the confirmation e-mail before it answers: sent in time, the
    /// order is stored once, confirmed with its e-mail out; otherwise it is stored confirmed with
    /// the e-mail still to send, answered, and the e-mail goes out in the background.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan ConfirmationEmailBudget { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>While an order is active, unfinished work is retried this often.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An unfinished order that nothing has looked at for this long is woken by the sweep (after
    /// a crash, or once its activation was collected), and again each time this long has passed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ResumeAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An order still pending this long after it was created is stuck: it shows in the admin list
    /// (<c>?stuck=true</c>) and the metrics, for an admin to look at and, if need be, fail.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the sweep looks for them (a timer; its durable reminder sweeps too, at this period or Orleans' minimum reminder period, a minute, whichever is longer).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromSeconds(10);
}
