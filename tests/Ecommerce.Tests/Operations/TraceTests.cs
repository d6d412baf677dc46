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
        // The test's own root span: its trace id picks this checkout's spans out of whatever the
        // other tests in the process trace meanwhile.
        using var source = new ActivitySource("Ecommerce.Tests.Trace");
        ActivityTraceId traceId;
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(Telemetry.Sources)
            .AddSource(source.Name)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddInMemoryExporter(spans)
            .Build())
        {
            using (var root = source.StartActivity("checkout")!)
            {
                traceId = root.TraceId;
                Assert.Equal(HttpStatusCode.Created, (await shopper.CheckoutAsync(Shopper.NewKey())).StatusCode);
            }
            tracing.ForceFlush();
        }

        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        Assert.Single(trace, s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /api/checkout");
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
