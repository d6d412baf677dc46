namespace Ecommerce.Simulators.Inventory;

/// <summary>Releases overdue reservations once a second.</summary>
internal sealed class ReservationExpiry(InventoryService inventory) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            inventory.ExpireOverdue();
        }
    }
}
