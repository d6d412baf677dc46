using Ecommerce.Database;
using Ecommerce.ServiceDefaults;
using Ecommerce.ServiceDefaults.Operators;
using Ecommerce.Silo.Dashboard;
using Ecommerce.Silo.Diagnostics;
using Ecommerce.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddOperatorPort();
builder.AddEcommerceDatabase();
builder.AddEcommerceSilo();
builder.AddOutsideServices();
builder.AddShopWorkflows();
builder.AddSiloWebFront();

var app = builder.Build();

if (args.Contains("--apply-schema"))
{
    await app.ApplyDatabaseSchemaAsync();
    return;
}

app.UseSiloWebFront();
app.MapOperatorDefaults();
app.MapOperatorDashboard();
app.MapDiagnostics();
app.MapSiloWebFront();
await app.RunAsync();
