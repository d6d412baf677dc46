using System.Globalization;
using Ecommerce.GeneratedClient.Sdk.Models;

namespace Ecommerce.GeneratedClient;

/// <summary>
/// The README's walk through the shop, in its order: an admin lists a product, the customer finds
/// it, fills the cart, checks out, reads the order until it is confirmed and lists their orders;
/// then the admin ships and delivers it. Each step checks what the README says it answers.
/// </summary>
internal sealed class ShoppingFlow(ShopClients shop, string sku, string customerId)
{
    // A decimal because the document says `format: decimal` for every amount, as api.md's money is.
    private const decimal Price = 12.50m;
    private const int Quantity = 2;
    private const decimal Total = Price * Quantity;

    public async Task RunAsync()
    {
        await ListProductAsync();
        await FindProductAsync();
        await FillCartAsync();
        var order = await CheckoutAsync();
        await ReadOrderAsync(order);
        await ListOrdersAsync(order);
        await ShipAndDeliverAsync(order);
    }

    private async Task ListProductAsync()
    {
        var product = await shop.Admin.Api.Products.PostAsync(new CreateProductRequest
        {
            Sku = sku,
            Name = $"Generated-client mug {sku}",
            Description = "Bought by a client generated from /openapi/v1.json.",
            Category = "mugs",
            Price = new MoneyRequest { Amount = Price, Currency = "USD" },
        });
        Expect(product is { Active: true } && product.Sku == sku && product.Price?.Amount == Price, "POST /api/products answers the product, active");
        Report("product", $"{product!.Sku} {Money(product.Price)}");
    }

    private async Task FindProductAsync()
    {
        // Listings show a write within one second.
        var page = await UntilAsync(
            () => shop.Anonymous.Api.Products.GetAsync(r => { r.QueryParameters.Search = sku; r.QueryParameters.PageSize = 5; }),
            p => p?.Items?.Any(i => i.Sku == sku) == true, "the product is listed");
        var product = await shop.Anonymous.Api.Products[sku].GetAsync();
        Expect(product?.Name == page!.Items!.Single(i => i.Sku == sku).Name, "GET /api/products/{sku} answers the listed product");
        Report("listed", $"{sku} in a page of {page.Total}");

        // Paging on: a second product of the same name, on the page after, by the cursor the first page names.
        await shop.Admin.Api.Products.PostAsync(new CreateProductRequest
        {
            Sku = $"{sku}-2", Name = product!.Name, Description = "The second of two.", Category = "mugs",
            Price = new MoneyRequest { Amount = Price, Currency = "USD" },
        });
        var first = await shop.Anonymous.Api.Products.GetAsync(r => { r.QueryParameters.Search = sku; r.QueryParameters.PageSize = 1; });
        var second = first?.Next is { } next
            ? await shop.Anonymous.Api.Products.GetAsync(r => { r.QueryParameters.Cursor = next; r.QueryParameters.PageSize = 1; })
            : null;
        Expect(first?.Items?.Single().Sku == sku && second?.Items?.Single().Sku == $"{sku}-2" && second.Page == 2 && second.Next is null,
            "GET /api/products?cursor= answers the page after, the last");
        Report("next page", $"{second!.Items!.Single().Sku} on page {second.Page}");
    }

    private async Task FillCartAsync()
    {
        var cart = await shop.Customer.Api.Cart.Items[sku].PutAsync(new SetQuantityRequest { Quantity = Quantity });
        Expect(cart?.Total?.Amount == Total, "PUT /api/cart/items/{sku} answers the cart with its total");

        // A documented error arrives as the document's problem type.
        try
        {
            await shop.Customer.Api.Cart.Items[$"missing-{sku}"].PutAsync(new SetQuantityRequest { Quantity = 1 });
            throw new InvalidOperationException("An unknown sku was added to the cart.");
        }
        catch (ProblemDetails problem) when (problem.ResponseStatusCode == 404)
        {
            Expect(problem.Status == 404 && !string.IsNullOrEmpty(problem.TraceId), "a 404 is a problem with status and traceId");
            Report("unknown sku", $"{problem.Status} {problem.Title}");
        }

        cart = await shop.Customer.Api.Cart.GetAsync();
        var line = cart?.Items?.SingleOrDefault();
        Expect(line is not null && line.Sku == sku && line.Quantity == Quantity && line.LineTotal?.Amount == Total
            && cart!.Unavailable?.Count == 0 && cart.Checkout is null, "GET /api/cart shows the one line");
        Report("cart", $"{line!.Quantity} x {line.Sku} at {Money(line.UnitPrice)} = {Money(cart!.Total)}");
    }

    private async Task<OrderResponse> CheckoutAsync()
    {
        // The customer is charged the total they were shown, or nothing (409 with the new total).
        var shown = (await shop.Customer.Api.Cart.GetAsync())!.Total!;
        var body = new CheckoutRequest
        {
            Email = "alice@example.org",
            ShippingAddress = new AddressRequest { Name = "Alice", Line1 = "1 Main St", City = "Springfield", PostalCode = "12345", Country = "US" },
            ExpectedTotal = new TotalRequest { Amount = shown.Amount, Currency = shown.Currency },
        };
        var order = await shop.Customer.Api.Checkout.PostAsync(body, r => r.Headers.Add("Idempotency-Key", $"readme-{sku}"));
        Expect(order is { Id: not null, Status: OrderStatus.Confirmed } && order.Total?.Amount == Total, "POST /api/checkout answers the confirmed order");
        Report("checkout", $"{order!.Id} {order.Status}");
        return order;
    }

    private async Task ReadOrderAsync(OrderResponse placed)
    {
        var order = await UntilAsync(() => shop.Customer.Api.Orders[placed.Id!].GetAsync(),
            o => o?.Status == OrderStatus.Confirmed, "the order reads Confirmed");
        Expect(order!.PaymentId is not null && order.CustomerId == customerId && order.Items?.Single().Quantity == Quantity
            && order.ShippingAddress?.Country == "US",
            "GET /api/orders/{id} answers the order as placed");
        Report("order", $"{order.Id} {order.Status} {Money(order.Total)}");

        var cart = await shop.Customer.Api.Cart.GetAsync();
        Expect(cart?.Items?.Count == 0 && cart.Total?.Amount == 0, "the ordered lines left the cart");
        Report("cart after checkout", "empty");
    }

    private async Task ListOrdersAsync(OrderResponse placed)
    {
        // Listings show a change within one second.
        var mine = await UntilAsync(() => shop.Customer.Api.Orders.GetAsync(),
            l => l?.Items?.FirstOrDefault()?.Id == placed.Id, "the order heads my orders");
        Report("my orders", $"{mine!.Total}, newest {mine.Items![0].Id} {mine.Items[0].Status}");
    }

    private async Task ShipAndDeliverAsync(OrderResponse placed)
    {
        var order = shop.Admin.Api.Orders[placed.Id!];
        var shipped = await order.Ship.PostAsync(new ShipRequest { Carrier = "DHL", TrackingNumber = "JD0146" });
        Expect(shipped is { Status: OrderStatus.Shipped, Shipment.Carrier: "DHL" }, "POST /api/orders/{id}/ship answers the shipped order");
        var delivered = await order.Deliver.PostAsync();
        Expect(delivered is { Status: OrderStatus.Delivered, Shipment.DeliveredAt: not null }, "POST /api/orders/{id}/deliver answers the delivered order");
        Report("timeline", string.Join(" ", delivered!.Timeline!.Select(t => $"{t.Status}({t.By})")));

        var all = await UntilAsync(
            () => shop.Admin.Api.Admin.Orders.GetAsync(r => { r.QueryParameters.Status = OrderStatus.Delivered; r.QueryParameters.CustomerId = customerId; }),
            l => l?.Items?.Any(o => o.Id == placed.Id) == true, "the admin's Delivered list shows the order");
        Report("delivered orders of the customer", $"{all!.Total}");
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            Expect(DateTime.UtcNow < deadline, $"{what} within 10 s");
            await Task.Delay(100);
        }
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Expected: {what}.");
        }
    }

    private static void Report(string step, string outcome) => Console.WriteLine($"{step}: {outcome}");

    private static string Money(Money? money) => $"{money?.Amount?.ToString("0.00", CultureInfo.InvariantCulture)} {money?.Currency}";
}
