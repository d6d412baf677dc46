using System.ComponentModel.DataAnnotations;

namespace Ecommerce.ServiceDefaults;

/// <summary>
/// What the silos and the API share of the <c>Orleans</c> section: the cluster they form, and
/// how long a grain call may take. The silo's own keys are in <c>SiloHostOptions</c>, the
/// separate API's in <c>ClusterClientOptions</c>.
/// </summary>
public sealed class OrleansOptions
{
    public const string SectionName = "Orleans";

    /// <summary>The cluster to join; silos and clients with the same id find each other.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ClusterId { get; set; } = "ecommerce-local";

    /// <summary>Names the application's data; stays the same across deployments.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ServiceId { get; set; } = "ecommerce";

    /// <summary>
    /// Deadline of a grain call, from the API (separate or co-hosted, where it answers 504) and
    /// between grains. Orleans fails a call in flight to a silo that died only at this deadline
    /// (the caller is never told the silo is gone), so it bounds how long a silo's crash can
    /// hold a request: with 3 s, at most 4 s (the deadline is checked once a second), well
    /// inside the 5 s the kill drill allows. Above the checkout's own deadline,
    /// <c>Orders:CheckoutDeadline</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
