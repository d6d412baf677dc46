using System.Net;
using System.Text.RegularExpressions;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

/// <summary>What a person who opens the API's address in a browser finds.</summary>
[Collection(ShopCollectionDefinition.Name)]
public sealed partial class HomePageTests(ShopFixture shop)
{
    [Fact]
    public async Task TheRootIsAPageWhoseLinksAllWork()
    {
        var client = shop.Anonymous();

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        var links = Links().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["/scalar/", "/openapi/v1.json", "/health/live", "/health/ready"], links);
        foreach (var link in links)
        {
            Assert.True((await client.GetAsync(link)).StatusCode == HttpStatusCode.OK, $"{link} does not answer 200");
        }
    }

    [Fact]
    public async Task ThePagesCarryTheirIconInlineSoABrowserAsksForNone()
    {
        var client = shop.Anonymous();

        // Without an icon a browser asks for /favicon.ico, a 404 that its console reports as an error.
        var home = await client.GetStringAsync("/");
        Assert.Matches(@"<link rel=""icon"" type=""image/svg\+xml"" href=""data:image/svg\+xml,", home);
        var apiPage = await client.GetStringAsync("/scalar/");
        Assert.Matches(@"""favicon""\s*:\s*""data:image/svg", apiPage);
    }

    [Fact]
    public async Task TheApiPageLoadsNothingFromAnotherHost()
    {
        var page = await shop.Anonymous().GetStringAsync("/scalar/");

        // Every script, style and font comes from the API itself; the default fonts (Scalar's CDN) are off.
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", page);
        Assert.DoesNotContain("fonts.scalar.com", page, StringComparison.Ordinal);
        Assert.Matches(@"""withDefaultFonts""\s*:\s*false", page);
    }

    [GeneratedRegex("<a href=\"([^\"]+)\"")]
    private static partial Regex Links();
}
