using Ecommerce.ServiceDefaults.Operators;
using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ecommerce.Tests.Browser;

/// <summary>The silo's dashboard as an operator sees it in Chromium: what its scripts fetch from the silo, shown.</summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class DashboardInBrowserTests(ShopFixture shop, Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly Action<ILogger, string, Exception?> LogMarker =
        LoggerMessage.Define<string>(LogLevel.Information, default, "{Marker}");

    /// <summary>Sent only to the silo, when it asks.</summary>
    private HttpCredentials Operator => new()
    {
        Username = "operator",
        Password = OperatorOptions.DevelopmentPassword,
        Origin = shop.Silo.OperatorAddress.GetLeftPart(UriPartial.Authority),
    };

    private string Dashboard => new Uri(shop.Silo.OperatorAddress, "/dashboard/").AbsoluteUri;

    [Fact]
    public async Task WithTheOperatorCredentialTheDashboardShowsTheGrainsAndTheSiloOfTheCluster()
    {
        // A grain type that only this silo's statistics can name, active now.
        await Products.CreateAsync(await shop.AdminAsync(), Products.Body(Products.NewSku("BROWSER")));
        var silo = shop.Silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

        await chromium.VisitAsync(nameof(WithTheOperatorCredentialTheDashboardShowsTheGrainsAndTheSiloOfTheCluster), async page =>
        {
            await page.GotoAsync(Dashboard);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orleans Dashboard" }), "the dashboard's title").ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Grains", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ProductGrain" }).First, "the Grains page lists ProductGrain").ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Silos", Exact = true }).ClickAsync();
            await Expect(page.GetByText(silo).First, $"the Silos page lists silo {silo}").ToBeVisibleAsync();
        }, Operator);
    }

    /// <summary>
    /// Before, the page stayed on "Connecting..." whatever the silo logged (see the Log Stream
    /// filter in the silo's dashboard wiring).
    /// </summary>
    [Fact]
    public async Task TheLogStreamPageShowsALineAsTheSiloLogsIt()
    {
        var marker = $"log-stream-browser-{Guid.NewGuid():N}";
        var logger = shop.Silo.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ecommerce.Tests.Browser");

        await chromium.VisitAsync(nameof(TheLogStreamPageShowsALineAsTheSiloLogsIt), async page =>
        {
            await page.GotoAsync(Dashboard);
            await page.GetByRole(AriaRole.Link, new() { Name = "Log Stream" }).ClickAsync();
            await Expect(page.GetByText("You are connected to the Orleans Dashboard log streaming service"), "the Log Stream's banner").ToBeVisibleAsync();

            // The stream subscribes a moment after its request arrives: a line logged before
            // then is not in it, so the line is logged until the page shows it.
            using var logging = new Timer(_ => LogMarker(logger, marker, null), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
            await Expect(page.GetByText(marker).First, $"the logged line {marker}").ToBeVisibleAsync();
        }, Operator);
    }
}
