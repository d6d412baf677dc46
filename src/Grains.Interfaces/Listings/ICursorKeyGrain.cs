namespace Ecommerce.Grains.Interfaces.Listings;

/// <summary>
/// The shop's one key for signing listing cursors (key 0): made at random on first use and
/// stored, so every API process, however many, issues and accepts the same cursors.
/// </summary>
public interface ICursorKeyGrain : IGrainWithIntegerKey
{
    /// <summary>The 32-byte key.</summary>
    Task<byte[]> GetAsync();
}
