using System.Net;
using Ecommerce.Grains.OutsideServices;
using Ecommerce.Grains.Telemetry;

namespace Ecommerce.Grains.Email;

/// <summary>The e-mail service; it ignores a message id it has seen, so sending again is safe.</summary>
public sealed class EmailClient(HttpClient http, ShopMetrics metrics)
{
    public const string Name = "Email";

    public async Task SendAsync(string id, string to, string subject, string body, string orderId, CancellationToken cancellationToken)
    {
        using var request = ServiceHttp.Post("email/messages", new { id, to, subject, body, orderId }, id);
        using var response = await ServiceHttp.SendAsync(http, metrics, Name, request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw ServiceHttp.Unexpected(Name, response);
        }
    }
}
