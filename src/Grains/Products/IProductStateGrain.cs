using Orleans.Concurrency;

namespace Ecommerce.Grains.Products;

/// <summary>What a product grain has stored, for the operator dashboard's Grain Details page.</summary>
/// <remarks>
/// That page calls only the parameterless grain methods that return the type of an
/// <see cref="IPersistentState{TState}"/> the grain holds, and shows <c>{}</c> when there are
/// none (dotnet/orleans#10237); <see cref="Interfaces.Products.IProductGrain.GetAsync"/>
/// returns the public details instead. It lives beside the state, out of the API's contracts.
/// </remarks>
public interface IProductStateGrain : IGrainWithStringKey
{
    /// <summary>The stored state as it is; null if the product was never created.</summary>
    [ReadOnly]
    Task<ProductState?> GetStateAsync();
}
