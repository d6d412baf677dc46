using Ecommerce.ServiceDefaults;

namespace Ecommerce.Api.Orders;

public static class OrderStreamHostingExtensions
{
    /// <summary>Adds the bound on live order streams per customer and its settings.</summary>
    public static IHostApplicationBuilder AddOrderStreams(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<OrderStreamOptions>(OrderStreamOptions.SectionName);
        builder.Services.AddSingleton<OrderStreamLimiter>();
        return builder;
    }
}
