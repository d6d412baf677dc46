using System.ComponentModel.DataAnnotations;
using Ecommerce.Api.Http;
using Ecommerce.Api.Identity;
using Ecommerce.Api.Listings;
using Ecommerce.Api.OpenApi;
using Ecommerce.Grains.Interfaces.Catalog;
using Ecommerce.Grains.Interfaces.Products;

namespace Ecommerce.Api.Products;

public static class ProductEndpoints
{
    public static IEndpointRouteBuilder MapProducts(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/products").WithTags("Catalog")
            .ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status429TooManyRequests);
        products.MapGet("/", ListAsync).AllowAnonymous()
            .WithName("ListProducts").WithSummary("List the active products, by sku");
        products.MapGet("/{sku}", GetAsync).AllowAnonymous()
            .WithName("GetProduct").WithSummary("Get a product, discontinued ones too")
            .ProducesProblems(StatusCodes.Status404NotFound);
        products.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admin)
            .WithName("CreateProduct").WithSummary("Add a product to the catalog (admin)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        products.MapPut("/{sku}", UpdateAsync).RequireAuthorization(Policies.Admin)
            .WithName("UpdateProduct").WithSummary("Change a product (admin)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        products.MapDelete("/{sku}", DiscontinueAsync).RequireAuthorization(Policies.Admin)
            .WithName("DiscontinueProduct").WithSummary("Discontinue a product (admin)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return app;
    }

    private const string Listing = "products";

    private static async Task<Results<Ok<ProductListResponse>, ValidationProblem>> ListAsync(
        IGrainFactory grains,
        ListingCursors cursors,
        [StringLength(200)] string? search,
        [StringLength(64)] string? category,
        [StringLength(ListingCursors.MaxLength)] string? cursor,
        [Range(1, 1_000_000)] int? page,
        [Range(1, 100)] int pageSize = 20)
    {
        var filters = new Dictionary<string, string?>
        {
            ["search"] = NullIfBlank(search),
            // Categories match in any case, so a cursor's category does too.
            ["category"] = NullIfBlank(category)?.ToLowerInvariant(),
        };
        var (start, problem) = await ListingStart.ResolveAsync(cursors, Listing, filters, cursor, page, pageSize);
        if (start is null)
        {
            return problem!;
        }
        var found = await grains.GetGrain<ICatalogGrain>(0).SearchAsync(
            new ProductQuery(start.Filter("search"), start.Filter("category"), start.Page, pageSize, start.After?[0]));
        var next = await start.NextAsync(cursors, Listing, found.NextAfter is { } sku ? [sku] : null);
        return TypedResults.Ok(new ProductListResponse(found.Items, found.Page, found.PageSize, found.Total, next,
            found.TotalIsLowerBound ? true : null));
    }

    private static async Task<Results<Ok<ProductDetails>, ProblemHttpResult>> GetAsync(
        [RegularExpression(Sku.Pattern, ErrorMessage = Sku.Rule)] string sku, IGrainFactory grains) =>
        await grains.GetProduct(sku).GetAsync() is { } product
            ? TypedResults.Ok(product)
            : UnknownSku(sku);

    private static async Task<Results<Created<ProductDetails>, ProblemHttpResult>> CreateAsync(
        CreateProductRequest request, IGrainFactory grains) =>
        await grains.GetProduct(request.Sku).CreateAsync(request.ToDraft()) is { } product
            ? TypedResults.Created($"/api/products/{product.Sku}", product)
            : Problems.Conflict($"A product with sku '{request.Sku}' already exists.");

    private static async Task<Results<Ok<ProductDetails>, ProblemHttpResult>> UpdateAsync(
        [RegularExpression(Sku.Pattern, ErrorMessage = Sku.Rule)] string sku, UpdateProductRequest request, IGrainFactory grains) =>
        await grains.GetProduct(sku).UpdateAsync(request.ToDraft()) is { } product
            ? TypedResults.Ok(product)
            : UnknownSku(sku);

    private static async Task<Results<NoContent, ProblemHttpResult>> DiscontinueAsync(
        [RegularExpression(Sku.Pattern, ErrorMessage = Sku.Rule)] string sku, IGrainFactory grains) =>
        await grains.GetProduct(sku).DiscontinueAsync()
            ? TypedResults.NoContent()
            : UnknownSku(sku);

    private static ProblemHttpResult UnknownSku(string sku) => Problems.NotFound($"No product has the sku '{sku}'.");

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
