using Ecommerce.Api;
using Ecommerce.Api.Hosting;
using Ecommerce.Database;
using Ecommerce.ServiceDefaults;
using Ecommerce.ServiceDefaults.Operators;

// The API as a process of its own, an Orleans client of the silos: for deployments that scale
// the front apart from the cluster. The silo serves the same API itself with Api:CoHosted.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddOperatorPort();
builder.AddEcommerceDatabase();
builder.AddEcommerceCluster();
builder.AddShopApi();

var app = builder.Build();
app.UseShopApi();
app.MapOperatorDefaults();
app.MapShopApi();

await app.RunAsync();

/// <summary>The API's entry point; public for the tests' WebApplicationFactory.</summary>
public partial class Program;
