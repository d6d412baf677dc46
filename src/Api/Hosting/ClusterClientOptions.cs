using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Api.Hosting;

/// <summary>Which Orleans cluster the API is a client of (the <c>Orleans</c> section, shared with the silos).</summary>
public sealed class ClusterClientOptions
{
    public const string SectionName = "Orleans";

    [Required(AllowEmptyStrings = false)]
    public string ClusterId { get; set; } = "ecommerce-local";

    [Required(AllowEmptyStrings = false)]
    public string ServiceId { get; set; } = "ecommerce";

    /// <summary>
    /// Deadline of a grain call; a request that waits longer answers 504. Orleans fails a call
    /// in flight to a silo that died only at this deadline (the client is never told the silo is
    /// gone), so it bounds how long a silo's crash can hold a request: with 3 s, at most 4 s (the
    /// deadline is checked once a second), well inside the 5 s the kill drill allows. Above the
    /// checkout's own deadline, <c>Orders:CheckoutDeadline</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the list of silo gateways is re-read from the membership table.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);
}
