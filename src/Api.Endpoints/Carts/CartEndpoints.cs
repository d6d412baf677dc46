using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Ecommerce.Api.Http;
using Ecommerce.Api.Identity;
using Ecommerce.Api.OpenApi;
using Ecommerce.Api.Products;
using Ecommerce.Api.Shop;
using Ecommerce.Grains.Interfaces.Carts;
using Microsoft.Extensions.Options;

namespace Ecommerce.Api.Carts;

public static class CartEndpoints
{
    public static IEndpointRouteBuilder MapCarts(this IEndpointRouteBuilder app)
    {
        var cart = app.MapGroup("/api/cart").WithTags("Cart").RequireAuthorization(Policies.Customer)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests);
        cart.MapGet("/", GetAsync).WithName("GetCart").WithSummary("Get my cart");
        cart.MapPut("/items/{sku}", SetQuantityAsync).ProducesValidationProblem().ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("SetCartItem").WithSummary("Set how many of a product my cart holds");
        cart.MapDelete("/items/{sku}", RemoveAsync).ProducesValidationProblem()
            .WithName("RemoveCartItem").WithSummary("Remove a product from my cart");
        cart.MapDelete("/", ClearAsync).WithName("ClearCart").WithSummary("Empty my cart");
        return app;
    }

    private static async Task<Ok<CartResponse>> GetAsync(ClaimsPrincipal user, IGrainFactory grains, IOptions<ShopOptions> shop) =>
        TypedResults.Ok(CartResponse.From(await grains.GetCart(user.CustomerId()).GetAsync(), shop.Value.Currency));

    private static async Task<Results<Ok<CartResponse>, ProblemHttpResult, ValidationProblem>> SetQuantityAsync(
        [RegularExpression(Sku.Pattern, ErrorMessage = Sku.Rule)] string sku, SetQuantityRequest request,
        ClaimsPrincipal user, IGrainFactory grains, IOptions<ShopOptions> shop)
    {
        var update = await grains.GetCart(user.CustomerId()).SetQuantityAsync(sku, request.Quantity);
        return update.Status switch
        {
            CartUpdateStatus.Updated => TypedResults.Ok(CartResponse.From(update.Cart!, shop.Value.Currency)),
            CartUpdateStatus.TooManyLines => Problems.Invalid("sku", $"A cart holds at most {ICartGrain.MaxLines} different products."),
            _ => Problems.NotFound($"No product with the sku '{sku}' is for sale."),
        };
    }

    private static async Task<Ok<CartResponse>> RemoveAsync(
        [RegularExpression(Sku.Pattern, ErrorMessage = Sku.Rule)] string sku,
        ClaimsPrincipal user, IGrainFactory grains, IOptions<ShopOptions> shop) =>
        TypedResults.Ok(CartResponse.From(await grains.GetCart(user.CustomerId()).RemoveAsync(sku), shop.Value.Currency));

    private static async Task<NoContent> ClearAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        await grains.GetCart(user.CustomerId()).ClearAsync();
        return TypedResults.NoContent();
    }
}
