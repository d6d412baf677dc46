namespace Ecommerce.Grains.Storage;

internal static class PersistentStateExtensions
{
    /// <summary>Writes the state; if the write fails, resets the grain (see <see cref="GrainContextExtensions.SaveOrResetAsync"/>).</summary>
    public static Task WriteOrResetAsync<TState>(this IPersistentState<TState> state, IGrainContext grain) =>
        grain.SaveOrResetAsync(state.WriteStateAsync);
}
