using System.ComponentModel.DataAnnotations;
using System.Net;
using Ecommerce.ServiceDefaults;

namespace Ecommerce.Silo.Hosting;

/// <summary>
/// The silo's own keys of the <c>Orleans</c> section: where it listens and how fast it notices
/// a dead silo. The cluster and the grain-call deadline it shares with the API are <see cref="OrleansOptions"/>.
/// </summary>
public sealed class SiloHostOptions : IValidatableObject
{
    public const string SectionName = OrleansOptions.SectionName;

    [Range(1, 65_535)]
    public int SiloPort { get; set; } = 11_111;

    [Range(1, 65_535)]
    public int GatewayPort { get; set; } = 30_000;

    /// <summary>
    /// The address other silos and clients reach this one on; empty means this host's first
    /// non-loopback IPv4 address (a container's own address; in Kubernetes, set it to the pod IP).
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Listen on every interface rather than the advertised address only (containers).</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>How long a silo waits for a probe's answer; with <see cref="MissedProbesLimit"/>, how fast a dead silo is noticed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes after which a silo suspects another.</summary>
    [Range(1, 10)]
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// How often idle activations are collected. Orleans collects every activation due in a
    /// quantum at once, in parallel; at hundreds of checkouts a second a one-minute quantum (its
    /// default) is tens of thousands of finished orders in one burst, a stall every request
    /// feels. A short quantum spreads the same work into small batches. Below every grain's
    /// collection age (orders: two minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The silo's CPU use (percent of all its cores, smoothed) above which its gateway refuses the
    /// calls of separate API processes at once (Orleans load shedding), which they answer 503 with
    /// Retry-After: several API hosts, each within its own admission bound, can still together
    /// overload one silo. 100 turns it off. A co-hosted API's calls do not pass the gateway; its
    /// host's admission bounds them.
    /// </summary>
    [Range(1, 100)]
    public int LoadSheddingCpuThreshold { get; set; } = 95;

    public IPAddress ResolveAdvertisedAddress() =>
        string.IsNullOrWhiteSpace(AdvertisedAddress)
            ? Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
              ?? IPAddress.Loopback
            : IPAddress.Parse(AdvertisedAddress);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(AdvertisedAddress) && !IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult($"'{AdvertisedAddress}' is not an IP address.", [nameof(AdvertisedAddress)]);
        }
        if (SiloPort == GatewayPort)
        {
            yield return new ValidationResult("The silo and gateway ports must differ.", [nameof(SiloPort), nameof(GatewayPort)]);
        }
    }
}
