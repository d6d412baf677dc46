namespace Ecommerce.ServiceDefaults;

/// <summary>The names this system's own telemetry goes by.</summary>
public static class Telemetry
{
    /// <summary>The meter and activity source of the project's own code.</summary>
    public const string Name = "Ecommerce";

    /// <summary>Meters read by /metrics in every process, besides the project's own.</summary>
    public static readonly string[] Meters =
    [
        Name,
        // The runtime's own: collections and their pause time, heap, CPU, thread pool queue.
        "System.Runtime",
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "Npgsql",
    ];

    /// <summary>Activity sources traced in every process: grain calls, SQL commands, our own spans.</summary>
    public static readonly string[] Sources =
    [
        Name,
        "Microsoft.Orleans.Runtime",
        "Microsoft.Orleans.Application",
        "Npgsql",
    ];
}
