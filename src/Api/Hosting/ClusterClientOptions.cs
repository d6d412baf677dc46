using System.ComponentModel.DataAnnotations;
using Ecommerce.ServiceDefaults;

namespace Ecommerce.Api.Hosting;

/// <summary>
/// The separate API's own keys of the <c>Orleans</c> section; the cluster and the grain-call
/// deadline it shares with the silos are <see cref="OrleansOptions"/>.
/// </summary>
public sealed class ClusterClientOptions
{
    public const string SectionName = OrleansOptions.SectionName;

    /// <summary>How often the list of silo gateways is re-read from the membership table.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);
}
