using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Api.Orders;

/// <summary>Live order status streams (the <c>OrderStreams</c> section).</summary>
public sealed class OrderStreamOptions
{
    public const string SectionName = "OrderStreams";

    /// <summary>Streams one customer may hold open at once on one API process; one more is a 429.</summary>
    [Range(1, 1000)]
    public int MaxPerCustomer { get; set; } = 5;

    /// <summary>A comment line goes out after this long without an event, so proxies keep the stream open.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:15")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
