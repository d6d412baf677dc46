using Ecommerce.Api.Carts;
using Ecommerce.Api.Checkout;
using Ecommerce.Api.Home;
using Ecommerce.Api.Hosting;
using Ecommerce.Api.Http;
using Ecommerce.Api.Identity;
using Ecommerce.Api.OpenApi;
using Ecommerce.Api.Orders;
using Ecommerce.Api.Products;
using Ecommerce.Api.Shop;
using Ecommerce.Database;
using Ecommerce.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEcommerceDatabase();
builder.AddEcommerceCluster();
builder.AddEcommerceHttp();
builder.AddEcommerceIdentity();
builder.AddShop();
builder.AddOrderStreams();
builder.AddEcommerceRateLimits();
builder.AddEcommerceOpenApi();

var app = builder.Build();
app.UseEcommerceHttp();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapHome();
app.MapEcommerceOpenApi();
app.MapDevTokens();
app.MapProducts();
app.MapCarts();
app.MapCheckout();
app.MapOrders();

await app.RunAsync();

/// <summary>The API's entry point; public for the tests' WebApplicationFactory.</summary>
public partial class Program;
