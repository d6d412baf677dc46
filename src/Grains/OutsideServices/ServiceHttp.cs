using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Ecommerce.Grains.Telemetry;

namespace Ecommerce.Grains.OutsideServices;

/// <summary>Sends a request and turns every way it can fail into a <see cref="ServiceCallException"/>.</summary>
public static class ServiceHttp
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, ShopMetrics metrics, string service,
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await SendCoreAsync(http, service, request, cancellationToken);
            metrics.OutboundCallEnded(Stopwatch.GetElapsedTime(started), service, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            return response;
        }
        catch (ServiceCallException ex)
        {
            metrics.OutboundCallEnded(Stopwatch.GetElapsedTime(started), service, ex.Failure.ToString());
            throw;
        }
    }

    private static async Task<HttpResponseMessage> SendCoreAsync(HttpClient http, string service, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new ServiceCallException(service, ServiceFailure.Unavailable, "circuit open", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ServiceCallException(service, ServiceFailure.Timeout, "no answer in time", ex);
        }
        catch (OperationCanceledException ex)
        {
            throw new ServiceCallException(service, ServiceFailure.Timeout, "no answer before the deadline", ex);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            throw new ServiceCallException(service, ServiceFailure.Unavailable, "unreachable", ex);
        }
        catch (HttpRequestException ex)
        {
            // The request may have been received: its outcome is unknown.
            throw new ServiceCallException(service, ServiceFailure.Timeout, ex.Message, ex);
        }

        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            response.Dispose();
            throw new ServiceCallException(service, ServiceFailure.Error, $"answered {(int)response.StatusCode}");
        }
        return response;
    }

    public static HttpRequestMessage Post<T>(string path, T body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        }
        return request;
    }

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// A request may be sent again if repeating it cannot do anything twice: safe methods,
    /// and requests that carry an idempotency key the service deduplicates on.
    /// </summary>
    public static bool IsSafeToRepeat(HttpRequestMessage? request) =>
        request is not null
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Put
            || request.Method == HttpMethod.Delete || request.Headers.Contains(IdempotencyKeyHeader));

    /// <summary>
    /// An answer the call does not expect: a 4xx other than 408 or 429 is the service's definite
    /// refusal, anything else leaves the outcome unknown.
    /// </summary>
    public static ServiceCallException Unexpected(string service, HttpResponseMessage response)
    {
        var status = response.StatusCode;
        var refused = (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
        return new(service, refused ? ServiceFailure.Refused : ServiceFailure.Error, $"answered {(int)status}");
    }
}
