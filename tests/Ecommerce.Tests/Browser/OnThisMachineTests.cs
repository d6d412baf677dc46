namespace Ecommerce.Tests.Browser;

public sealed class OnThisMachineTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000/scalar/", true)]
    [InlineData("http://localhost:5200/dashboard/", true)]
    [InlineData("http://[::1]:5000/", true)]
    [InlineData("data:image/png;base64,AAAA", true)]
    [InlineData("blob:http://127.0.0.1:5000/0b5f", true)]
    [InlineData("https://fonts.scalar.com/inter.woff2", false)]
    [InlineData("http://10.0.0.5:5000/", false)]
    [InlineData("ws://example.org/socket", false)]
    public void OnlyLoopbackHostsAreThisMachine(string url, bool local) => Assert.Equal(local, OnThisMachine.IsLocal(url));
}
