using Ecommerce.LoadTool;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

if (options.Scenario == "hotsku")
{
    var hot = await HotSku.RunAsync(options, Console.Out);
    // Every buyer answered 201, 409 or 503 with Retry-After; what was confirmed is exactly what was sold.
    return hot.Others.Count == 0 && hot.Confirmed + hot.Refused + hot.Unavailable == hot.Buyers
        && hot.Available == hot.Stock - hot.Confirmed && hot.Reserved == 0 ? 0 : 1;
}

if (options.Scenario == "scale")
{
    var rows = await Scale.RunAsync(options, Console.Out);
    return rows.Count > 0 ? 0 : 1;
}

// With --postgres, a shop is grown to the sizes asked for before it is measured (the spread scenario reads --seed-products skus).
if (options.Postgres is not null && (options.SeedProducts is not null || options.SeedOrders is not null))
{
    using var http = LoadRunner.CreateClient(options);
    var shop = await Shop.OpenAsync(http, customers: 1, options.Simulators);
    await ShopSeeder.SeedAsync(options, shop, options.SeedProducts ?? 0, options.SeedOrders ?? 0, Console.Out);
    if (options.Scenario == "seed")
    {
        return 0;
    }
}

if (options.Soak)
{
    return await Soak.RunAsync(options, Console.Out) ? 0 : 1;
}

if (options.Overload is not null)
{
    var phases = await Overload.RunAsync(options, Console.Out);
    return phases.All(p => p.Errors == 0) ? 0 : 1;
}

if (options.Scenario == "activate")
{
    await MemoryProbe.RunAsync(options, Console.Out);
    return 0;
}

var results = await LoadRunner.RunAsync(options, Console.Out);
return results.All(r => r.Requests > 0) ? 0 : 1;
