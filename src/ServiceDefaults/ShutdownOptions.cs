using System.ComponentModel.DataAnnotations;

namespace Ecommerce.ServiceDefaults;

/// <summary>How every process stops (the <c>Shutdown</c> section).</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// On SIGTERM the host stops gracefully within this (a silo hands its grains over and
    /// leaves the cluster); deployments give the process longer than this to exit.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
