using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ecommerce.ServiceDefaults.Operators;

/// <summary>
/// Stops the start when the host does not listen on <c>Operator:Port</c>: its health, metrics and
/// dashboard would answer nowhere, which an operator should hear at once, naming the key, rather
/// than from a probe that never passes. Runs once the server has bound its addresses.
/// </summary>
internal sealed class OperatorPortCheck(IServer server, IOptions<OperatorPortOptions> options) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var port = options.Value.Port;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (!addresses.Any(a => BindingAddress.Parse(a).Port == port))
        {
            throw new InvalidOperationException(
                $"{OperatorPortOptions.SectionName}:{nameof(OperatorPortOptions.Port)} is {port}, a port this host does not listen on " +
                $"({(addresses.Count == 0 ? "none" : string.Join(", ", addresses))}): add it to Urls.");
        }
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
