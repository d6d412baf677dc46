using Ecommerce.ServiceDefaults;
using Ecommerce.Simulators.Control;
using Ecommerce.Simulators.Email;
using Ecommerce.Simulators.Faults;
using Ecommerce.Simulators.Inventory;
using Ecommerce.Simulators.Payments;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddProblemDetails();
builder.Services.AddValidation();
builder.AddFaults();
builder.AddPaymentGateway();
builder.AddInventoryService();
builder.AddMailbox();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapPaymentGateway();
app.MapInventoryService();
app.MapMailbox();
app.MapControl();

await app.RunAsync();

/// <summary>The simulators' entry point; public for the tests' WebApplicationFactory.</summary>
public partial class Program;
