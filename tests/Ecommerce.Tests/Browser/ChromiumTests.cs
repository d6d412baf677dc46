namespace Ecommerce.Tests.Browser;

/// <summary>A visit fails when its page reaches past this machine, and does not wait on it.</summary>
public sealed class ChromiumTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task AVisitWhosePageRequestsAnotherHostFailsListingIt()
    {
        // 192.0.2.0/24 is reserved for documentation: nothing answers there, online or not.
        const string Outside = "http://192.0.2.1/pixel.png";

        var failure = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() =>
            chromium.VisitAsync(nameof(AVisitWhosePageRequestsAnotherHostFailsListingIt),
                page => page.SetContentAsync($"<img src=\"{Outside}\">"))); // returns once the image has failed

        Assert.Contains($"GET {Outside}", failure.Message, StringComparison.Ordinal);
    }
}
