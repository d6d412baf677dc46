using System.Net.Sockets;
using Ecommerce.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ecommerce.Grains.Storage;

/// <summary>
/// Turns database failures inside any grain call into <see cref="StorageUnavailableException"/>,
/// which the caller can receive (the driver's exceptions have no Orleans codec) and which
/// the API answers with 503.
/// </summary>
public sealed partial class StorageFailureFilter(ILogger<StorageFailureFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            LogDatabaseFailure(logger, context.InterfaceName, context.MethodName, ex.Message);
            throw new StorageUnavailableException();
        }
    }

    private static bool IsDatabaseFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException or SocketException)
            {
                return true;
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Interface}.{Method} failed: the database is unavailable ({Reason})")]
    private static partial void LogDatabaseFailure(ILogger logger, string @interface, string method, string reason);
}
