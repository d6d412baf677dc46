using Ecommerce.ServiceDefaults;
namespace Ecommerce.Api.Shop;

public static class ShopHostingExtensions
{
    public static IHostApplicationBuilder AddShop(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShopOptions>()
            .BindConfiguration(ShopOptions.SectionName)
            .ValidateSection(ShopOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
