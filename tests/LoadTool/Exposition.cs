using System.Globalization;

namespace Ecommerce.LoadTool;

/// <summary>Sums over a Prometheus exposition (the silo's operator <c>/metrics</c>).</summary>
internal static class Exposition
{
    /// <summary>The metrics text from the silo's operator port (a client of <see cref="MemoryProbe.OperatorClient"/>), or null when it cannot be read within 5 s.</summary>
    public static async Task<string?> ReadAsync(HttpClient silo)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            return await silo.GetStringAsync("metrics", timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The sum of a series' samples that carry every given label (<c>name="value"</c>), and whether there was one.</summary>
    public static (double Sum, bool Found) Sum(string exposition, string series, params string[] labels)
    {
        double sum = 0;
        var found = false;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series, StringComparison.Ordinal) && line.Length > series.Length && line[series.Length] is '{' or ' '
                && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                found = true;
            }
        }
        return (sum, found);
    }
}
