namespace Ecommerce.Grains.Storage;

internal static class GrainContextExtensions
{
    /// <summary>
    /// Runs a change's durable steps (a reminder registration, the state write). If any fails,
    /// the activation's in-memory state may be ahead of the database (or its ETag stale after a
    /// write whose answer was lost), so the grain is deactivated and the next call starts from
    /// what storage really holds: a change that answered an error is never served later.
    /// </summary>
    public static async Task SaveOrResetAsync(this IGrainContext grain, Func<Task> save)
    {
        try
        {
            await save();
        }
        catch
        {
            grain.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "Saving the grain's state failed."));
            throw;
        }
    }
}
