using Ecommerce.Grains.Orders;
using Ecommerce.Grains.Storage;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Ecommerce.Tests.Storage;

/// <summary>
/// The record the sweep of unfinished orders works from (Database/Schema/110-orders.sql), kept
/// by the orders trigger with each write the silo's own storage provider makes.
/// </summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class UnfinishedOrdersTests(ShopFixture shop)
{
    private IGrainStorage Storage => shop.Silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Postgres);

    [Fact]
    public async Task AnOrderIsRecordedAsUnfinishedExactlyWhileItsStepHasWorkLeft()
    {
        foreach (var step in Enum.GetValues<OrderStep>().Where(s => s != OrderStep.Discarded))
        {
            var (grain, state, id) = await NewOrderAsync();
            Assert.True(await IsUnfinishedAsync(id), "An order just opened has work left.");

            state.State!.Step = step;
            await Storage.WriteStateAsync("order", grain, state);

            Assert.True(!OrderWorkflow.IsIdle(step) == await IsUnfinishedAsync(id),
                $"{step}: the trigger's idle steps differ from OrderWorkflow.IsIdle.");
        }
    }

    [Fact]
    public async Task ADiscardedOrderIsNoLongerUnfinished()
    {
        var (grain, state, id) = await NewOrderAsync();

        await Storage.ClearStateAsync("order", grain, state);

        Assert.False(await IsUnfinishedAsync(id));
    }

    [Fact]
    public async Task TheSweepTakesOnlyOrdersNotLookedAtForItsAgeOldestFirstAndMovesOn()
    {
        var service = $"svc-{Guid.NewGuid():N}";
        await using (var insert = shop.Database.CreateCommand(
            "INSERT INTO orders_unfinished (serviceid, order_id, checked_at) VALUES " +
            "($1, 'old', now() - interval '10 minutes'), ($1, 'older', now() - interval '20 minutes'), ($1, 'fresh', now())"))
        {
            insert.Parameters.Add(new() { Value = service });
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(["older"], await DueAsync(service, limit: 1));
        Assert.Equal(["old"], await DueAsync(service, limit: 5));
        Assert.Empty(await DueAsync(service, limit: 5));
        Assert.Empty(await DueAsync($"svc-{Guid.NewGuid():N}", limit: 5));
    }

    private async Task<(GrainId Grain, GrainState<OrderState> State, string Id)> NewOrderAsync()
    {
        var id = $"ord_{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow;
        var state = new GrainState<OrderState>(new OrderState
        {
            Id = id, CustomerId = "c-unfinished", Step = OrderStep.Opening, CreatedAt = now, UpdatedAt = now,
            Version = OrderState.CurrentVersion,
        });
        var grain = GrainId.Create("order", id);
        await Storage.WriteStateAsync("order", grain, state);
        return (grain, state, id);
    }

    private async Task<bool> IsUnfinishedAsync(string orderId)
    {
        await using var query = shop.Database.CreateCommand("SELECT count(*) FROM orders_unfinished WHERE serviceid = $1 AND order_id = $2");
        query.Parameters.Add(new() { Value = shop.ServiceId });
        query.Parameters.Add(new() { Value = orderId });
        return (long)(await query.ExecuteScalarAsync())! == 1;
    }

    private async Task<List<string>> DueAsync(string service, int limit)
    {
        await using var query = shop.Database.CreateCommand("SELECT orders_due_for_resume($1, interval '5 minutes', $2)");
        query.Parameters.Add(new() { Value = service });
        query.Parameters.Add(new() { Value = limit });
        await using var reader = await query.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }
}
