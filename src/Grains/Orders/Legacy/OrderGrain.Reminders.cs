namespace Ecommerce.Grains.Orders;

/// <summary>
/// Legacy: orders stored by the versions before the sweep of unfinished orders registered a
/// reminder each. It still carries them forward, and goes once the order has nothing left to do.
/// Delete this file (and <see cref="IRemindable"/> on the grain) once the reminder table holds no
/// row with a grain id of the order grain type:
/// <c>SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE 'order/%'</c> is 0.
/// </summary>
public sealed partial class OrderGrain
{
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await ResumeAsync();
        if ((!_state.RecordExists || OrderWorkflow.IsIdle(Order.Step)) && await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
