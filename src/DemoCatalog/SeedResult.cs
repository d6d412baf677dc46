namespace Ecommerce.DemoCatalog;

/// <summary>What a seeding run did: products it created, products that were there already, 429s it waited out.</summary>
internal sealed record SeedResult(int Created, int Present, int Retries);

/// <summary>Seeding could not finish; the message says what failed and what the shop answered.</summary>
internal sealed class SeedingFailedException(string message) : Exception(message);
