namespace Ecommerce.Grains.Interfaces;

/// <summary>
/// The database could not be reached, so the call did nothing durable. It replaces the
/// database driver's own exceptions at the grain boundary: those cannot cross it, and the
/// caller needs to know only that it may try again (the API answers 503).
/// </summary>
[GenerateSerializer, Alias("Ecommerce.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
        : this("The database is unavailable.")
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
