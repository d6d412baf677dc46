using Ecommerce.Grains.Interfaces.Products;
using Ecommerce.Grains.Storage;

namespace Ecommerce.Grains.Products;

/// <summary>
/// One product, the source of truth for its sku: the catalog's read model follows its writes.
/// </summary>
/// <remarks>
/// Reads spread over a large catalog activate a product per sku read; kept Orleans' fifteen
/// idle minutes, they grew the silo's heap with every distinct sku read (docs/benchmarks.md,
/// the heap under spread reads). Two idle minutes bound them to the skus read in the last two
/// minutes; a product read more often than that (one in a cart, a best seller) stays, and one
/// read again later costs one storage read.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed class ProductGrain(
    [PersistentState("product", StorageNames.Postgres)] IPersistentState<ProductState> state,
    TimeProvider time) : Grain, IProductGrain, IProductStateGrain
{
    public Task<ProductDetails?> GetAsync() => Task.FromResult(Stored()?.ToDetails());

    public Task<ProductState?> GetStateAsync() => Task.FromResult(Stored());

    public async Task<ProductDetails?> CreateAsync(ProductDraft draft)
    {
        if (state.RecordExists)
        {
            return null;
        }

        var sku = ProductGrainKeys.SkuOf(this.GetPrimaryKeyString());
        return await SaveAsync(new ProductState { Sku = sku, Active = true }, draft);
    }

    public async Task<ProductDetails?> UpdateAsync(ProductDraft draft) =>
        state.RecordExists ? await SaveAsync(state.State, draft) : null;

    public async Task<bool> DiscontinueAsync()
    {
        if (!state.RecordExists)
        {
            return false;
        }

        if (state.State.Active)
        {
            state.State.Active = false;
            state.State.UpdatedAt = time.GetUtcNow();
            await state.WriteOrResetAsync(GrainContext);
        }
        return true;
    }

    private async Task<ProductDetails> SaveAsync(ProductState product, ProductDraft draft)
    {
        product.Name = draft.Name;
        product.Description = draft.Description;
        product.Category = draft.Category;
        product.Price = draft.Price;
        product.UpdatedAt = time.GetUtcNow();
        state.State = product;
        await state.WriteOrResetAsync(GrainContext);
        return product.ToDetails();
    }

    private ProductState? Stored()
    {
        if (!state.RecordExists)
        {
            // Anyone may ask for any sku: a grain with nothing stored must not stay in memory
            // until idle collection, or random skus would pile up activations.
            this.DeactivateOnIdle();
            return null;
        }
        return state.State;
    }
}
