namespace Ecommerce.Api.Shop;

public static class ShopHostingExtensions
{
    public static IHostApplicationBuilder AddShop(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShopOptions>()
            .BindConfiguration(ShopOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
