using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Ecommerce.Tests.Checkout;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// A shop of its own, whose exporters start with only the hosts alive then: the collection's
/// shared shop lives through the whole run while the process starts and stops hundreds of hosts,
/// each publishing its meters to every exporter in the process (a MeterListener is process-wide),
/// and late in one CI run its silo's /metrics carried none of the project's instruments at all.
/// </summary>
public sealed class MetricsFixture : ShopFixture;

public sealed partial class MetricsTests(MetricsFixture shop) : IClassFixture<MetricsFixture>
{
    [Fact]
    public async Task AfterACheckoutTheApiAndTheSiloExportTheNamedSeries()
    {
        var shopper = await Shopper.NewAsync(shop);
        await shopper.AddAsync(await Shopper.ProductAsync(shop), 1);
        Assert.Equal(HttpStatusCode.Created, (await shopper.CheckoutAsync(Shopper.NewKey())).StatusCode);

        var silo = await ScrapeAsync(SignIn.AsOperator(shop.Silo.CreateOperatorClient()));
        var api = await ScrapeAsync(SignIn.AsOperator(shop.Api.CreateOperatorClient()));

        AssertCounted(silo, "ecommerce_checkout_duration_seconds_count", "outcome=\"Confirmed\"");
        AssertCounted(silo, "ecommerce_outbound_duration_seconds_count", "service=\"Payment\"");
        AssertCounted(silo, "ecommerce_outbound_duration_seconds_count", "service=\"Inventory\"");
        AssertCounted(silo, "orleans_storage_write_latency_milliseconds_count", "state_name=\"order\"");
        AssertCounted(silo, "orleans_storage_read_latency_milliseconds_count", "state_name=\"cart\"");
        AssertCounted(silo, "http_client_request_duration_seconds_count", "");
        AssertCounted(silo, "db_client_operation_duration_seconds_count", "");
        AssertCounted(silo, "db_client_connection_count", "db_client_connection_pool_name=\"ecommerce\"");
        AssertCounted(silo, "db_client_connection_max", "db_client_connection_pool_name=\"ecommerce\"");
        AssertCounted(silo, "db_client_connection_npgsql_create_time_seconds_count", "db_client_connection_pool_name=\"ecommerce\"");
        AssertCounted(silo, "ecommerce_db_connection_wait_time_seconds_count", "");
        Assert.Contains("ecommerce_db_connection_pending_requests", silo, StringComparison.Ordinal);
        // The runtime's: what a latency spike is checked against first (a collection's pause).
        // Some generation has been collected (each counts only the collections of its own, so
        // gen0 alone can be zero in a process whose collections were all of older ones).
        AssertCounted(silo, "dotnet_gc_collections_total", "gc_heap_generation=");
        Assert.Contains("dotnet_gc_pause_time_seconds_total", silo, StringComparison.Ordinal);
        AssertCounted(silo, "dotnet_process_cpu_time_seconds_total", "");
        // The pool is labelled by name, never by its connection string (which may hold a password).
        Assert.DoesNotContain("Maximum Pool Size", silo, StringComparison.Ordinal);

        AssertCounted(api, "http_server_request_duration_seconds_count", "http_route=\"/api/checkout\"");
        AssertCounted(api, "db_client_connection_max", "db_client_connection_pool_name=\"ecommerce\"");
        AssertCounted(api, "db_client_operation_duration_seconds_count", "");
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Some sample of the series, with all the given labels, has a value above zero.</summary>
    private static void AssertCounted(string exposition, string series, string label)
    {
        var values = Sample().Matches(exposition)
            .Where(m => m.Groups["name"].Value == series && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();
        var known = string.Join("\n", Sample().Matches(exposition).Select(m => m.Groups["name"].Value).Distinct().Order());
        Assert.True(values.Count > 0, $"No {series}{{{label}}} among:\n{known}");
        Assert.True(values.Any(v => v > 0), $"{series}{{{label}}} is zero:\n" +
            string.Join("\n", exposition.Split('\n').Where(l => l.StartsWith(series, StringComparison.Ordinal))));
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>[0-9.eE+-]+|NaN|\+Inf)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
