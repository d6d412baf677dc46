using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Ecommerce.ServiceDefaults.Operators;

/// <summary>
/// Where the operator's endpoints are served (the <c>Operator</c> section): one of the ports the
/// host listens on (<c>Urls</c>) is the operator port, every other port is public.
/// </summary>
public sealed class OperatorPortOptions : IValidatableObject
{
    public const string SectionName = "Operator";

    /// <summary>
    /// The port of health, metrics, the dashboard and diagnostics; the host must listen on it. The
    /// silo's; the API's appsettings.json gives it 5300.
    /// </summary>
    [Range(1, 65_535)]
    public int Port { get; set; } = 5200;

    /// <summary>
    /// Addresses or networks (<c>10.0.0.5</c>, <c>10.0.0.0/8</c>) whose requests to <c>/metrics</c>
    /// need no credential: a scraper's; empty, <c>/metrics</c> takes the operator credential from everyone.
    /// </summary>
    public List<string> MetricsOpenTo { get; set; } = [];

    /// <summary>Whether the client may read <c>/metrics</c> without the credential.</summary>
    public bool IsMetricsOpenTo(IPAddress? client)
    {
        if (client is null)
        {
            return false;
        }
        // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d, which no IPv4 network contains.
        var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        return MetricsOpenTo.Any(entry => TryParseNetwork(entry, out var network) && network.Contains(address));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in MetricsOpenTo)
        {
            if (!TryParseNetwork(entry, out _))
            {
                yield return new ValidationResult($"'{entry}' is not an IP address or network.", [nameof(MetricsOpenTo)]);
            }
        }
    }

    /// <summary>A network, or one address as the network of just itself.</summary>
    private static bool TryParseNetwork(string entry, out IPNetwork network)
    {
        if (IPAddress.TryParse(entry, out var address))
        {
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }
        return IPNetwork.TryParse(entry, out network);
    }
}
