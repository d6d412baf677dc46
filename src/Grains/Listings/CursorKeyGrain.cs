using System.Security.Cryptography;
using Ecommerce.Grains.Interfaces.Listings;
using Ecommerce.Grains.Storage;

namespace Ecommerce.Grains.Listings;

/// <summary>Makes the cursor key once and keeps it in grain storage; see <see cref="ICursorKeyGrain"/>.</summary>
public sealed class CursorKeyGrain([PersistentState("key", StorageNames.Postgres)] IPersistentState<CursorKeyState> state)
    : Grain, ICursorKeyGrain
{
    public async Task<byte[]> GetAsync()
    {
        if (state.State.Key is not { Length: 32 })
        {
            state.State.Key = RandomNumberGenerator.GetBytes(32);
            await GrainContext.SaveOrResetAsync(state.WriteStateAsync);
        }
        return state.State.Key;
    }
}

[GenerateSerializer, Alias("Ecommerce.CursorKeyState")]
public sealed class CursorKeyState
{
    [Id(0)] public byte[]? Key { get; set; }
}
