using System.Diagnostics;
using System.Net;
using Ecommerce.ServiceDefaults;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Ecommerce.Tests.Operations;

[Collection(ShopCollectionDefinition.Name)]
public sealed class TraceTests(ShopFixture shop)
{
    [Fact]
    public async Task OneTraceSpansTheApiTheGrainCallsTheOutboundCallsAndTheSql()
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        var spans = new List<Activity>();
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(Telemetry.Sources)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddInMemoryExporter(spans)
            .Build())
        {
            Assert.Equal(HttpStatusCode.Created, (await shopper.CheckoutAsync(Shopper.NewKey())).StatusCode);
            tracing.ForceFlush();
        }

        var request = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /api/checkout");
        var trace = spans.Where(s => s.TraceId == request.TraceId).ToList();
        var names = string.Join("\n", trace.Select(s => $"{s.Source.Name}: {s.DisplayName}"));
        Assert.True(trace.Any(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("CheckoutAsync", StringComparison.Ordinal)),
            $"No grain call span in:\n{names}");
        Assert.True(trace.Any(s => s.Kind == ActivityKind.Client && (s.GetTagItem("url.full") as string ?? "").Contains("/payments/charges", StringComparison.Ordinal)),
            $"No outbound payment call in:\n{names}");
        Assert.True(trace.Any(s => s.Kind == ActivityKind.Client && (s.GetTagItem("url.full") as string ?? "").Contains("/inventory/reservations", StringComparison.Ordinal)),
            $"No outbound inventory call in:\n{names}");
        Assert.True(trace.Any(s => s.Source.Name == "Npgsql"), $"No SQL command in:\n{names}");
    }
}
