using Ecommerce.Database;
using Ecommerce.Grains.OutsideServices;
using Ecommerce.Grains;
using Ecommerce.ServiceDefaults;
using Ecommerce.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEcommerceDatabase();
builder.AddEcommerceSilo();
builder.AddOutsideServices();
builder.AddShopWorkflows();

var app = builder.Build();

if (args.Contains("--apply-schema"))
{
    await app.ApplyDatabaseSchemaAsync();
    return;
}

app.MapDefaultEndpoints();
await app.RunAsync();
