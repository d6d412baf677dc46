using System.Globalization;

namespace Ecommerce.DemoCatalog;

/// <summary>Where the API and the simulators are, and how many demo products to have: see <see cref="Usage"/>.</summary>
internal sealed record SeedOptions
{
    public Uri Api { get; init; } = new("http://127.0.0.1:5000/");
    public Uri Simulators { get; init; } = new("http://127.0.0.1:5100/");
    public int Products { get; init; } = 1000;
    public bool Help { get; init; }

    public const string Usage = """
        Usage: dotnet Ecommerce.DemoCatalog.dll [options]
        Seeds the demo catalog of a shop running in Development (deploy/local/run.sh does it):
        creates the demo products that are missing through the API as an admin, and gives each
        1000 units of stock in the simulators. A second run creates nothing.
          --api URL          the API          (default http://127.0.0.1:5000/)
          --simulators URL   the simulators   (default http://127.0.0.1:5100/)
          --products N       demo products    (default 1000)
        """;

    /// <summary>The options, or an <see cref="ArgumentException"/> that says what is wrong.</summary>
    public static SeedOptions Parse(string[] args)
    {
        var options = new SeedOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            string Value() => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ArgumentException($"{option} needs a value.");
            options = option switch
            {
                "--api" => options with { Api = Address(option, Value()) },
                "--simulators" => options with { Simulators = Address(option, Value()) },
                "--products" => options with { Products = Count(option, Value()) },
                "-h" or "--help" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option: {option}"),
            };
        }
        return options;
    }

    private static Uri Address(string option, string value) =>
        Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"{option} takes an http(s) URL, not '{value}'.");

    private static int Count(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 0 and <= 99_999
            ? count
            : throw new ArgumentException($"{option} takes a number from 0 to 99999, not '{value}'.");
}
