using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.Options;

namespace Ecommerce.ServiceDefaults.Operators;

/// <summary>
/// Matches an endpoint only on the kind of port it is served on (<see cref="ServedOn"/>; without
/// it, the public ports): elsewhere it does not exist, a 404 before any authentication. Goes by the
/// port the connection arrived on, not by the Host header as <c>RequireHost("*:5200")</c> does,
/// because the client writes that header: any caller of the public port could name the other.
/// </summary>
internal sealed class ServingPortPolicy(IOptions<OperatorPortOptions> options) : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    // Every endpoint: those that declare nothing are public, so must be refused on the operator port.
    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => endpoints.Count > 0;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var arrivedOn = httpContext.Connection.LocalPort == options.Value.Port ? Ports.Operator : Ports.Public;
        for (var i = 0; i < candidates.Count; i++)
        {
            var servedOn = candidates[i].Endpoint.Metadata.GetMetadata<ServedOn>()?.Ports ?? Ports.Public;
            if ((servedOn & arrivedOn) == 0)
            {
                candidates.SetValidity(i, false);
            }
        }
        return Task.CompletedTask;
    }
}
