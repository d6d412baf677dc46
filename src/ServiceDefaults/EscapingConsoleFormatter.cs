using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Ecommerce.ServiceDefaults;

/// <summary>
/// The console's format: the simple formatter's single-line layout (time, level, category,
/// event id, scopes, message, exception), one line per event, with every control character of
/// what it renders escaped (<c>\n</c>, <c>\u0000</c>). Logged values come from callers (ids,
/// paths, a database's error text), and a raw line break in one would forge an entry of its
/// own; the framework's simple formatter writes them as they are.
/// </summary>
public sealed class EscapingConsoleFormatter(IOptionsMonitor<ConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "escaped";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var settings = options.CurrentValue;
        var line = new StringBuilder(128);
        if (settings.TimestampFormat is { } format)
        {
            var now = settings.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
            line.Append(now.ToString(format, CultureInfo.InvariantCulture));
        }
        line.Append(Level(logEntry.LogLevel)).Append(": ");
        AppendEscaped(line, logEntry.Category);
        line.Append('[').Append(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture)).Append(']');
        if (settings.IncludeScopes)
        {
            scopeProvider?.ForEachScope((scope, builder) => AppendEscaped(builder.Append(" => "), scope?.ToString()), line);
        }
        AppendEscaped(line.Append(' '), message);
        if (logEntry.Exception is { } exception)
        {
            AppendEscaped(line.Append(' '), exception.ToString());
        }
        textWriter.Write(line.Append('\n'));
    }

    /// <summary>Appends <paramref name="text"/> with control characters (and the Unicode line and paragraph separators) escaped.</summary>
    public static StringBuilder AppendEscaped(StringBuilder builder, string? text)
    {
        foreach (var c in text.AsSpan())
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }
        return builder;
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
