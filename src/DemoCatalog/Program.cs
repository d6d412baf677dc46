using Ecommerce.DemoCatalog;

SeedOptions options;
try
{
    options = SeedOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(SeedOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(SeedOptions.Usage);
    return 0;
}

using var api = new HttpClient { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(30) };
using var simulators = new HttpClient { BaseAddress = options.Simulators, Timeout = TimeSpan.FromSeconds(30) };
try
{
    await new CatalogSeeder(api, simulators, Console.Out).SeedAsync(options.Products);
    return 0;
}
catch (SeedingFailedException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
