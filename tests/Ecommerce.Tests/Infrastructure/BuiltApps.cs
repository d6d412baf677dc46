namespace Ecommerce.Tests.Infrastructure;

/// <summary>The apps as built next to this test run (same configuration), for tests that run them as real processes.</summary>
internal static class BuiltApps
{
    public static string Repository { get; } = FindRepository();

    public static string PathOf(string app)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var path = Path.Combine(Repository, "src", app, "bin", configuration, testBin.Name, $"Ecommerce.{app}.dll");
        Assert.True(File.Exists(path), $"{path} is not built.");
        return path;
    }

    private static string FindRepository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Ecommerce.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("The repository root was not found.");
        }
        return directory.FullName;
    }
}
