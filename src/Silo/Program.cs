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
builder.AddSiloProblemDetails();

var app = builder.Build();

if (args.Contains("--apply-schema"))
{
    await app.ApplyDatabaseSchemaAsync();
    return;
}

app.UseSiloProblemDetails();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapOperatorDashboard();
app.MapDiagnostics();
await app.RunAsync();
