using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ecommerce.Api.Http;

/// <summary>
/// api.md: text never carries control characters (U+0000-U+001F, U+007F), except line breaks
/// and tabs in a product description. Checked at the edge, so none reaches a grain or the
/// database (PostgreSQL refuses a NUL in text outright).
/// </summary>
public static class ControlCharacters
{
    public const string Message = "Text may not contain control characters.";

    /// <summary>The refusal of a field's text, naming the field.</summary>
    public static string About(string field) => $"{field} may not contain control characters.";

    public static bool AreIn(ReadOnlySpan<char> text, bool allowLineBreaks = false)
    {
        foreach (var c in text)
        {
            if ((c < ' ' || c == '\u007f') && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>Every string of a request body: refused if it holds a control character.</summary>
public sealed class SingleLineTextConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && ControlCharacters.AreIn(text) ? throw new ControlCharacterException() : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>A string that may span lines (a product description): line breaks and tabs are allowed, other control characters not.</summary>
public sealed class MultilineTextConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && ControlCharacters.AreIn(text, allowLineBreaks: true) ? throw new ControlCharacterException() : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>A body string with a control character; the exception handler names its field.</summary>
public sealed class ControlCharacterException() : JsonException(ControlCharacters.Message);
