using Ecommerce.Grains.Interfaces.Orders;

namespace Ecommerce.Api.Orders;

/// <summary>
/// How an outside service's failure is told about an order, for every command that meets one
/// (checkout, cancel, fail): 502 when a service answered with an error or refused, 503 when it
/// could not be reached or its circuit is open, 504 when it did not answer in time. The answer
/// names the order and says whether it is still being settled.
/// </summary>
public static class OrderProblems
{
    public static ProblemHttpResult ServiceFailed(CheckoutOutcome? service, OrderDetails? order, string aboutOrder, params (string Name, object Value)[] extensions)
    {
        var status = service switch
        {
            CheckoutOutcome.ServiceError => StatusCodes.Status502BadGateway,
            CheckoutOutcome.ServiceUnavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status504GatewayTimeout,
        };
        var problem = new Dictionary<string, object?>();
        if (order is not null)
        {
            problem["orderId"] = order.Id;
            problem["settling"] = order.Status == OrderStatus.Pending;
        }
        foreach (var (name, value) in extensions)
        {
            problem[name] = value;
        }
        return TypedResults.Problem($"{What(status)} {aboutOrder}", statusCode: status, extensions: problem);
    }

    /// <summary>What a checkout's failure means for its order: still being settled, failed, or none taken.</summary>
    public static string AboutCheckout(OrderDetails? order) => order switch
    {
        null => "No order was taken; the checkout can be sent again.",
        { Status: OrderStatus.Pending } => $"Order {order.Id} is still being settled: it will be confirmed or failed without a second charge. Follow it at /api/orders/{order.Id}.",
        { Status: OrderStatus.Failed } => $"Order {order.Id} failed: {order.FailureReason}",
        _ => $"Order {order.Id} is {order.Status}.",
    };

    private static string What(int status) => status switch
    {
        StatusCodes.Status502BadGateway => "A payment or inventory service answered with an error.",
        StatusCodes.Status503ServiceUnavailable => "A payment or inventory service is unreachable.",
        _ => "A payment or inventory service did not answer in time.",
    };
}
