using Ecommerce.Api.Carts;
using Ecommerce.Api.Checkout;
using Ecommerce.Api.Home;
using Ecommerce.Api.Http;
using Ecommerce.Api.Identity;
using Ecommerce.Api.OpenApi;
using Ecommerce.Api.Orders;
using Ecommerce.Api.Products;
using Ecommerce.Api.Shop;

namespace Ecommerce.Api;

/// <summary>
/// The shop's HTTP API as one unit, for either host: the silo's web host (co-hosted, grain
/// calls in process) or the separate API process (an Orleans client of the silos). The host
/// brings the grains, by either route, as <see cref="IGrainFactory"/>.
/// </summary>
public static class ApiHostingExtensions
{
    public static IHostApplicationBuilder AddShopApi(this IHostApplicationBuilder builder)
    {
        builder.AddEcommerceHttp();
        builder.AddEcommerceIdentity();
        builder.AddShop();
        builder.AddOrderStreams();
        builder.AddEcommerceRateLimits();
        builder.AddHostAdmission();
        builder.AddEcommerceOpenApi();
        return builder;
    }

    /// <summary>The API's middleware, first in the pipeline so that its problem details cover everything after it.</summary>
    public static WebApplication UseShopApi(this WebApplication app)
    {
        app.UseEcommerceHttp();
        app.UseHostAdmission();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapShopApi(this WebApplication app)
    {
        app.MapHome();
        app.MapEcommerceOpenApi();
        var api = app.MapGroup("").ProducesCommonAnswers();
        api.MapDevTokens();
        api.MapProducts();
        api.MapCarts();
        api.MapCheckout();
        api.MapOrders();
        return app;
    }
}
