using Ecommerce.Database;
using Ecommerce.ServiceDefaults;
using Ecommerce.Silo.Dashboard;
using Ecommerce.Silo.Diagnostics;
using Ecommerce.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEcommerceDatabase();
builder.AddEcommerceSilo();
builder.AddOutsideServices();
builder.AddShopWorkflows();
builder.AddOperatorDashboard();
builder.AddSiloWebFront();

var app = builder.Build();

if (args.Contains("--apply-schema"))
{
    await app.ApplyDatabaseSchemaAsync();
    return;
}

app.UseSiloWebFront();
app.MapDefaultEndpoints();
app.MapOperatorDashboard();
app.MapDiagnostics();
app.MapSiloWebFront();
await app.RunAsync();
