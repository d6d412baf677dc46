extern alias LoadToolHost;

using LoadToolHost::Ecommerce.LoadTool;

namespace Ecommerce.Tests.Benchmarks;

/// <summary>
/// The overload mode's "refused within 10 ms at the shop" reads the API's request-duration
/// histogram as the Prometheus exporter writes it: only the 503s count, summed over routes,
/// the 10 ms bucket against all.
/// </summary>
public sealed class ShopRefusalsTests
{
    private const string Exposition = """
        # TYPE http_server_request_duration_seconds histogram
        http_server_request_duration_seconds_bucket{otel_scope_name="Microsoft.AspNetCore.Hosting",http_request_method="GET",http_response_status_code="200",http_route="/api/products/{sku}",le="0.01"} 900
        http_server_request_duration_seconds_bucket{otel_scope_name="Microsoft.AspNetCore.Hosting",http_request_method="GET",http_response_status_code="200",http_route="/api/products/{sku}",le="+Inf"} 1000
        http_server_request_duration_seconds_bucket{otel_scope_name="Microsoft.AspNetCore.Hosting",http_request_method="GET",http_response_status_code="503",http_route="/api/products/{sku}",le="0.005"} 30
        http_server_request_duration_seconds_bucket{otel_scope_name="Microsoft.AspNetCore.Hosting",http_request_method="GET",http_response_status_code="503",http_route="/api/products/{sku}",le="0.01"} 38
        http_server_request_duration_seconds_bucket{otel_scope_name="Microsoft.AspNetCore.Hosting",http_request_method="GET",http_response_status_code="503",http_route="/api/products/{sku}",le="+Inf"} 40
        http_server_request_duration_seconds_bucket{otel_scope_name="Microsoft.AspNetCore.Hosting",http_request_method="POST",http_response_status_code="503",http_route="/api/checkout",le="0.01"} 7
        http_server_request_duration_seconds_bucket{otel_scope_name="Microsoft.AspNetCore.Hosting",http_request_method="POST",http_response_status_code="503",http_route="/api/checkout",le="+Inf"} 10
        http_server_request_duration_seconds_count{otel_scope_name="Microsoft.AspNetCore.Hosting",http_request_method="POST",http_response_status_code="503",http_route="/api/checkout"} 10
        """;

    [Fact]
    public void TheRefusalsAreThe503sOfEveryRouteAndThoseWithin10MsTheirTenMillisecondBucket()
    {
        var refusals = ShopRefusals.From(Exposition);

        Assert.Equal(50, refusals.Count);
        Assert.Equal(45, refusals.Under10Ms);
        Assert.Equal("90.0 %", refusals.ToString());
    }

    [Fact]
    public void APhaseCountsOnlyWhatItsOwnTimeAdded() =>
        Assert.Equal(new ShopRefusals(20, 15), new ShopRefusals(30, 30).Until(new ShopRefusals(50, 45)));

    [Fact]
    public void AnExpositionWithoutRefusalsHasNone() =>
        Assert.Equal("-", ShopRefusals.From("http_server_request_duration_seconds_bucket{http_response_status_code=\"200\",le=\"+Inf\"} 3\n").ToString());
}
