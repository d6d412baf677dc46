using Ecommerce.Tests.Catalog;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ecommerce.Tests.Browser;

/// <summary>The API's home page and its API page (Scalar) as a developer uses them in Chromium.</summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed class ApiPageInBrowserTests(ShopFixture shop, Chromium chromium) : IClassFixture<Chromium>
{
    private string At(string path) => new Uri(shop.Api.ClientOptions.BaseAddress, path).AbsoluteUri;

    [Fact]
    public async Task TheHomePageLeadsToTheApiPageWhichListsTheContractsEndpoints()
    {
        await chromium.VisitAsync(nameof(TheHomePageLeadsToTheApiPageWhichListsTheContractsEndpoints), async page =>
        {
            await page.GotoAsync(At("/"));
            await page.GetByRole(AriaRole.Link, new() { Name = "API page" }).ClickAsync();

            // Drawn by the page's script from the OpenAPI document it fetched; a group's
            // operations are drawn when it is scrolled to, as following its link does.
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ecommerce API" }), "the API page's title").ToBeVisibleAsync();
            var sidebar = page.GetByRole(AriaRole.Complementary);
            foreach (var (tag, operation, summary) in new[]
            {
                ("Catalog", "get /api/products", "List the active products, by sku"),
                ("Cart", "put /api/cart/items/{sku}", "Set how many of a product my cart holds"),
                ("Checkout", "post /api/checkout", "Order my cart: reserve the stock, charge, confirm"),
                ("Orders", "get /api/orders/{id}/events", "Follow an order's status as Server-Sent Events"),
            })
            {
                await sidebar.GetByRole(AriaRole.Link, new() { Name = tag, Exact = true }).ClickAsync();
                var listed = page.GetByRole(AriaRole.List, new() { Name = $"{tag} endpoints" })
                    .GetByRole(AriaRole.Link, new() { Name = operation, Exact = true });
                await Expect(listed, $"the {tag} group lists {operation}").ToBeVisibleAsync();
                // The sidebar names each operation by its summary, not a bare path.
                await Expect(sidebar.GetByText(summary, new() { Exact = true }), $"the sidebar names {operation}").ToBeVisibleAsync();
            }
        });
    }

    [Fact]
    public async Task TheApiPageSendsARequestAndShowsTheApisAnswer()
    {
        var name = $"Browser lamp {Guid.NewGuid():N}";
        var sku = Products.NewSku("BROWSER");
        await Products.CreateAsync(await shop.AdminAsync(), Products.Body(sku, name));

        await chromium.VisitAsync(nameof(TheApiPageSendsARequestAndShowsTheApisAnswer), async page =>
        {
            await page.GotoAsync(At("/scalar/"));
            await page.GetByRole(AriaRole.List, new() { Name = "Catalog endpoints" })
                .GetByRole(AriaRole.Link, new() { Name = "get /api/products", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Test Request (get /api/products)" }).ClickAsync();
            var client = page.GetByRole(AriaRole.Dialog, new() { Name = "API Client" });
            await client.GetByRole(AriaRole.Row, new() { Name = "Include search in request" })
                .GetByRole(AriaRole.Combobox, new() { Name = "Value" }).FillAsync(name);

            var answer = await page.RunAndWaitForResponseAsync(
                () => client.GetByRole(AriaRole.Button, new() { Name = "Send get request to /api/products" }).ClickAsync(),
                r => new Uri(r.Url).AbsolutePath == "/api/products");

            Assert.Equal(200, answer.Status);
            Assert.Equal(shop.Api.ClientOptions.BaseAddress.Authority, new Uri(answer.Url).Authority);
            var response = client.GetByRole(AriaRole.Region, new() { Name = "Response" });
            await Expect(response.GetByRole(AriaRole.Link, new() { Name = "200 OK" }), "the answer's status shown").ToBeVisibleAsync();
            await Expect(response, "the answer's body shown").ToContainTextAsync(sku);
            await Expect(response, "the answer's body shown").ToContainTextAsync(name);
        });
    }

    [Fact]
    public async Task NeitherPageOffersAWayToAnotherHostOrLogsAnError()
    {
        await chromium.VisitAsync(nameof(NeitherPageOffersAWayToAnotherHostOrLogsAnError), async page =>
        {
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    lock (errors)
                    {
                        errors.Add($"{page.Url}: {message.Text}");
                    }
                }
            };

            await page.GotoAsync(At("/"));
            Assert.Empty(await VisibleLinksElsewhereAsync(page));
            await page.GotoAsync(At("/scalar/"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ecommerce API" }), "the API page's title").ToBeVisibleAsync();
            foreach (var name in ScalarButtons)
            {
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = name }), $"no {name} button").ToHaveCountAsync(0);
            }
            Assert.Empty(await VisibleLinksElsewhereAsync(page));

            await page.GetByRole(AriaRole.List, new() { Name = "Catalog endpoints" })
                .GetByRole(AriaRole.Link, new() { Name = "get /api/products", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Test Request (get /api/products)" }).ClickAsync();
            var client = page.GetByRole(AriaRole.Dialog, new() { Name = "API Client" });
            await Expect(client.GetByRole(AriaRole.Button, new() { Name = "Send get request to /api/products" }), "the request dialog").ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open API Client" }), "no link to Scalar's hosted client").ToHaveCountAsync(0);
            Assert.Empty(await VisibleLinksElsewhereAsync(page));

            // The icon is inline on both pages: no /favicon.ico 404 in the console.
            lock (errors)
            {
                Assert.True(errors.Count == 0, $"Console errors:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
            }
        });
    }

    /// <summary>What Scalar would send to scalar.com: its developer tools bar and the AI chat.</summary>
    private static readonly string[] ScalarButtons = ["Developer Tools", "Configure", "Share", "Generate SDK", "Deploy", "Ask AI"];

    /// <summary>The links a person could follow off this machine.</summary>
    private static async Task<List<string>> VisibleLinksElsewhereAsync(IPage page)
    {
        var links = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('a[href]')].filter(a => a.checkVisibility()).map(a => a.href)");
        return [.. links.Where(href => !OnThisMachine.IsLocal(href))];
    }
}
