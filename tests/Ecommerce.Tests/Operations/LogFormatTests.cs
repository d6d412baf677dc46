using Ecommerce.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Ecommerce.Tests.Operations;

/// <summary>A value written to the console log never carries a raw control character: no forged line, no NUL.</summary>
public sealed class LogFormatTests
{
    [Fact]
    public void AValueHoldingALineBreakAndANulIsWrittenEscapedOnOneLine()
    {
        var written = WriteWithTheProcessFormatter("customer a\nb\0c",
            new InvalidOperationException("bad id a\r\nfail: Forged[0] all is well"), scope: "order x\u2028y");

        Assert.Equal(written.Length - 1, written.IndexOf('\n', StringComparison.Ordinal)); // one line, ended once
        Assert.DoesNotContain('\0', written);
        Assert.DoesNotContain('\r', written);
        Assert.DoesNotContain('\u2028', written);
        Assert.Contains(@"customer a\nb\u0000c", written, StringComparison.Ordinal);
        Assert.Contains(@"bad id a\r\nfail: Forged[0]", written, StringComparison.Ordinal);
        Assert.Contains(@"=> order x\u2028y", written, StringComparison.Ordinal);
        Assert.Contains("info: Ecommerce.Test[7]", written, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainTextIsWrittenAsItIs()
    {
        var written = WriteWithTheProcessFormatter("Cart written for alice@example.org (2 lines)", exception: null, scope: null);

        Assert.EndsWith("info: Ecommerce.Test[7] Cart written for alice@example.org (2 lines)\n", written, StringComparison.Ordinal);
    }

    /// <summary>Writes one event with the console formatter that a process built by <c>AddServiceDefaults</c> uses.</summary>
    private static string WriteWithTheProcessFormatter(string message, Exception? exception, string? scope)
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddServiceDefaults();
        using var app = builder.Build();
        var name = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
        var formatter = app.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == name);
        var scopes = new LoggerExternalScopeProvider();
        using var _ = scope is null ? null : scopes.Push(scope);
        using var writer = new StringWriter();

        formatter.Write(new LogEntry<string>(LogLevel.Information, "Ecommerce.Test", new EventId(7), message, exception, (s, _) => s),
            scopes, writer);

        return writer.ToString();
    }
}
