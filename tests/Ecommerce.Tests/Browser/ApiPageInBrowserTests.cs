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
}
