using Ecommerce.Grains.Interfaces.Products;
using Ecommerce.Grains.Storage;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Ecommerce.Tests.Storage;

/// <summary>
/// The project's PostgreSQL queries against the unmodified Orleans ADO.NET grain storage,
/// driven through the silo's own provider instance.
/// </summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class GrainStorageContractTests(ShopFixture shop)
{
    private IGrainStorage Storage => shop.Silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Postgres);

    [Fact]
    public async Task WrittenStateIsReadBack()
    {
        var grain = NewGrainId();
        var written = new GrainState<Probe>(new Probe { Text = "hello", Number = 42 });

        await Storage.WriteStateAsync("probe", grain, written);
        var read = new GrainState<Probe>();
        await Storage.ReadStateAsync("probe", grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal("hello", read.State?.Text);
        Assert.Equal(42, read.State?.Number);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task AStaleWriteIsRejectedAndKeepsTheNewerState()
    {
        var grain = NewGrainId();
        var first = new GrainState<Probe>(new Probe { Text = "v1" });
        await Storage.WriteStateAsync("probe", grain, first);
        var stale = new GrainState<Probe>(new Probe { Text = "stale" }) { ETag = first.ETag };
        first.State = new Probe { Text = "v2" };
        await Storage.WriteStateAsync("probe", grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("probe", grain, stale));

        var read = new GrainState<Probe>();
        await Storage.ReadStateAsync("probe", grain, read);
        Assert.Equal("v2", read.State?.Text);
    }

    [Fact]
    public async Task ASecondFirstWriteIsRejected()
    {
        var grain = NewGrainId();
        await Storage.WriteStateAsync("probe", grain, new GrainState<Probe>(new Probe { Text = "first" }));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage.WriteStateAsync("probe", grain, new GrainState<Probe>(new Probe { Text = "second" })));
    }

    [Fact]
    public async Task ConcurrentFirstWritesLeaveOneRow()
    {
        var grain = NewGrainId();
        var writers = Enumerable.Range(0, 8)
            .Select(i => Storage.WriteStateAsync("probe", grain, new GrainState<Probe>(new Probe { Text = $"writer {i}" })))
            .ToList();

        var outcomes = await Task.WhenAll(writers.Select(async w =>
        {
            try { await w; return true; }
            catch (InconsistentStateException) { return false; }
        }));

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(1L, await CountRowsAsync(grain));
    }

    [Fact]
    public async Task ClearedStateReadsAsDefaultAndCanBeWrittenAgain()
    {
        var grain = NewGrainId();
        var state = new GrainState<Probe>(new Probe { Text = "doomed" });
        await Storage.WriteStateAsync("probe", grain, state);

        await Storage.ClearStateAsync("probe", grain, state);
        var read = new GrainState<Probe>();
        await Storage.ReadStateAsync("probe", grain, read);
        Assert.Null(read.State?.Text);

        read.State = new Probe { Text = "reborn" };
        await Storage.WriteStateAsync("probe", grain, read);
        var again = new GrainState<Probe>();
        await Storage.ReadStateAsync("probe", grain, again);
        Assert.Equal("reborn", again.State?.Text);
    }

    [Fact]
    public async Task StatesOfDifferentNamesAreSeparateRows()
    {
        var grain = NewGrainId();
        await Storage.WriteStateAsync("probe", grain, new GrainState<Probe>(new Probe { Text = "probe" }));
        await Storage.WriteStateAsync("other", grain, new GrainState<Probe>(new Probe { Text = "other" }));

        var read = new GrainState<Probe>();
        await Storage.ReadStateAsync("probe", grain, read);

        Assert.Equal("probe", read.State?.Text);
    }

    [Fact]
    public async Task ProductStateSurvivesDeactivation()
    {
        var grains = shop.Api.Services.GetRequiredService<IGrainFactory>();
        var sku = $"D-{Guid.NewGuid():N}";
        var product = grains.GetProduct(sku);
        await product.CreateAsync(new ProductDraft("Durable", "", "tests", new Ecommerce.Grains.Interfaces.Money(3.25m, "USD")));

        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var read = await grains.GetProduct(sku).GetAsync();

        Assert.NotNull(read);
        Assert.Equal("Durable", read.Name);
        Assert.Equal(3.25m, read.Price.Amount);
    }

    private static GrainId NewGrainId() => GrainId.Create("probe", $"k:{Guid.NewGuid():N}");

    private async Task<long> CountRowsAsync(GrainId grain)
    {
        await using var command = shop.Database.CreateCommand(
            "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = $1 AND graintypestring = 'probe'");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = grain.Key.ToString() });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public sealed class Probe
    {
        public string? Text { get; set; }
        public int Number { get; set; }
    }
}
