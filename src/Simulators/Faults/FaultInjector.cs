using Microsoft.Extensions.Options;

namespace Ecommerce.Simulators.Faults;

/// <summary>
/// Applies the configured faults to a request. Latency and errors strike before the work
/// (nothing happens, a 500 comes back); a timeout strikes after it: the work is done, and
/// the answer is held, as when a reply is lost on the way back.
/// </summary>
public sealed class FaultInjector(IOptions<SimulatorOptions> options)
{
    private volatile FaultSettings _settings = new();

    public FaultSettings Settings
    {
        get => _settings;
        set => _settings = value;
    }

    /// <summary>Runs one request's work under a service's faults.</summary>
    public async Task<IResult> RunAsync(ServiceFault? fault, HttpContext http, Func<IResult> work)
    {
        if (await BeforeAsync(fault, http.RequestAborted) is { } injected)
        {
            return injected;
        }
        var result = work();
        await HoldIfTimeoutAsync(fault, http.RequestAborted);
        return result;
    }

    private static async Task<IResult?> BeforeAsync(ServiceFault? fault, CancellationToken cancellationToken)
    {
        if (fault?.LatencyMs is > 0)
        {
            await Task.Delay(fault.LatencyMs.Value, cancellationToken);
        }
        return Strikes(fault?.ErrorRate)
            ? TypedResults.Problem("Injected fault.", statusCode: StatusCodes.Status500InternalServerError)
            : null;
    }

    private async Task HoldIfTimeoutAsync(ServiceFault? fault, CancellationToken cancellationToken)
    {
        if (Strikes(fault?.TimeoutRate))
        {
            try
            {
                await Task.Delay(options.Value.TimeoutHold, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up; nobody is left to answer.
            }
        }
    }

    public static bool Strikes(double? rate) => rate is > 0 && Random.Shared.NextDouble() < rate;
}
