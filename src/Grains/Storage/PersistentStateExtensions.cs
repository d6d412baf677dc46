namespace Ecommerce.Grains.Storage;

internal static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; if the write fails, the activation's in-memory state may be ahead of
    /// the database (or its ETag stale after a write whose answer was lost), so the grain is
    /// deactivated and the next call starts from what storage really holds.
    /// </summary>
    public static async Task WriteOrResetAsync<TState>(this IPersistentState<TState> state, IGrainContext grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "Grain state write failed."));
            throw;
        }
    }
}
