namespace Ecommerce.Grains.Interfaces;

/// <summary>An amount of one currency; amounts carry at most two decimal places.</summary>
[GenerateSerializer, Immutable, Alias("Ecommerce.Money")]
public sealed record Money([property: Id(0)] decimal Amount, [property: Id(1)] string Currency);
