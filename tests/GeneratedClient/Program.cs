using Ecommerce.GeneratedClient;

// The README's shopping flow, every call made through the client Kiota generated from the
// API's own OpenAPI document. Prints what it saw, one "name: value" line per step, and exits
// non-zero at the first answer that is not what the README promises.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Ecommerce.GeneratedClient <api address> <sku> <customer id>");
    return 2;
}

var (address, sku, customerId) = (args[0], args[1], args[2]);
try
{
    var shop = await ShopClients.SignInAsync(address, customerId);
    await new ShoppingFlow(shop, sku, customerId).RunAsync();
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"The shopping flow failed: {ex}");
    return 1;
}
