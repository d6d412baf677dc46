using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>One Server-Sent Events connection, read as a real client would, each event stamped with when it arrived.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Channel<SseEvent> _events = Channel.CreateUnbounded<SseEvent>();
    private readonly Task _reader;
    private readonly CancellationTokenSource _stop = new();

    private SseClient(HttpResponseMessage response, StreamReader body)
    {
        _response = response;
        _reader = Task.Run(() => ReadAsync(body));
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Comment lines received (heartbeats).</summary>
    public int Comments { get; private set; }

    /// <summary>True once the server has closed the stream.</summary>
    public bool Ended => _reader.IsCompleted;

    public static async Task<SseClient> OpenAsync(HttpClient client, string path, int? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        // The body is opened here, so that a stream closed as soon as it opened simply ends.
        return new SseClient(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event, or null once the stream has ended.</summary>
    public async Task<SseEvent?> NextAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        try
        {
            return await _events.Reader.WaitToReadAsync(timeout.Token) ? await _events.Reader.ReadAsync(timeout.Token) : null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No event within {(within ?? TimeSpan.FromSeconds(20)).TotalSeconds} s.");
        }
    }

    /// <summary>Every event until the server ends the stream.</summary>
    public async Task<List<SseEvent>> RestAsync(TimeSpan? within = null)
    {
        var events = new List<SseEvent>();
        while (await NextAsync(within) is { } e)
        {
            events.Add(e);
        }
        return events;
    }

    private async Task ReadAsync(StreamReader reader)
    {
        try
        {
            using var _ = reader;
            string? id = null, type = null, data = null;
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data is not null)
                    {
                        _events.Writer.TryWrite(new SseEvent(id, type, JsonDocument.Parse(data).RootElement.Clone(), Stopwatch.GetTimestamp()));
                    }
                    (id, type, data) = (null, null, null);
                }
                else if (line.StartsWith(':'))
                {
                    Comments++;
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reader;
        _stop.Dispose();
    }
}

/// <summary>One event: its id, type, data and when it arrived (a Stopwatch timestamp).</summary>
public sealed record SseEvent(string? Id, string? Type, JsonElement Data, long ReceivedAt)
{
    public string? Status => Data.GetProperty("status").GetString();
}
