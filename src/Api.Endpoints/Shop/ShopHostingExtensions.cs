using Ecommerce.ServiceDefaults;
namespace Ecommerce.Api.Shop;

public static class ShopHostingExtensions
{
    public static IHostApplicationBuilder AddShop(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ShopOptions>(ShopOptions.SectionName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Listings.ListingCursors>();
        return builder;
    }
}
