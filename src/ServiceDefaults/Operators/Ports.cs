using Microsoft.AspNetCore.Builder;

namespace Ecommerce.ServiceDefaults.Operators;

/// <summary>The kinds of port an endpoint is served on (<see cref="ServingPortPolicy"/>).</summary>
[Flags]
public enum Ports
{
    Public = 1,
    Operator = 2,
    Every = Public | Operator,
}

/// <summary>Endpoint metadata: the ports the endpoint is served on; an endpoint without it is public.</summary>
public sealed record ServedOn(Ports Ports);

public static class ServedOnExtensions
{
    /// <summary>Served on the operator port only: the public port answers 404.</summary>
    public static TBuilder ServedOnOperatorPort<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ServedOn(Ports.Operator));

    /// <summary>Served on every port: probes, which each port answers for itself.</summary>
    public static TBuilder ServedOnEveryPort<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ServedOn(Ports.Every));
}
