using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Ecommerce.ServiceDefaults.Operators;

/// <summary>
/// Who may read <c>/metrics</c>: the operator, or without a credential any client of a network
/// that <c>Operator:MetricsOpenTo</c> names (a Prometheus that scrapes with none).
/// </summary>
internal sealed class MetricsAccess(IOptions<OperatorPortOptions> options) : AuthorizationHandler<MetricsAccess.Requirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
    {
        if (context.User.IsInRole(OperatorAuthenticationHandler.RoleName)
            || (context.Resource is HttpContext http && options.Value.IsMetricsOpenTo(http.Connection.RemoteIpAddress)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }

    public sealed class Requirement : IAuthorizationRequirement;
}
