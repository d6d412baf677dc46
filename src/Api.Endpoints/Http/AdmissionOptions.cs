using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Api.Http;

/// <summary>
/// How much of the shop's traffic one host works on at once (the <c>Admission</c> section; see
/// <see cref="HostAdmission"/>). Sized from the load tool's overload runs (docs/benchmarks.md,
/// "Overload"): with 32 places and 32 waiting, cart writes at twice their saturating rate waited
/// 83 ms at the median for the 64 ahead of them at about 1,700 a second; half as many halve the
/// wait, while 16 in flight still keep the two cores busy.
/// </summary>
public sealed class AdmissionOptions
{
    public const string SectionName = "Admission";

    /// <summary>Shop requests the host works on at once.</summary>
    [Range(1, 100_000)]
    public int MaxInFlight { get; set; } = 16;

    /// <summary>
    /// Requests that may wait for a place, in arrival order; one more is a 503 at once. At the rate
    /// the places serve, a request waits a few milliseconds for the queue ahead of it;
    /// <see cref="MaxQueueWait"/> bounds the wait when they serve slowly.
    /// </summary>
    [Range(0, 100_000)]
    public int MaxQueued { get; set; } = 16;

    /// <summary>
    /// The longest a request waits for a place (the host's or a checkout's) before it is refused.
    /// Under overload the queue's length bounds the wait to milliseconds; this bounds it when the
    /// requests in flight are slow (a database failing over holds each for its grain call's 3 s),
    /// so that a queued request is still answered within the 5 s a request may take.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(1);
}
