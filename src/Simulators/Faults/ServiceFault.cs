using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Simulators.Faults;

/// <summary>Faults of one simulated service; every field optional.</summary>
public sealed record ServiceFault(
    [property: Range(0.0, 1.0)] double? ErrorRate = null,
    [property: Range(0.0, 1.0)] double? TimeoutRate = null,
    [property: Range(0, 60_000)] int? LatencyMs = null,
    [property: Range(0.0, 1.0)] double? DeclineRate = null);

/// <summary>The body of <c>PUT /control/faults</c>.</summary>
public sealed record FaultSettings(ServiceFault? Payment = null, ServiceFault? Inventory = null, ServiceFault? Email = null);
