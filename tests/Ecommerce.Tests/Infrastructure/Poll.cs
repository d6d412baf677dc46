namespace Ecommerce.Tests.Infrastructure;

/// <summary>The one way tests wait for background work: poll a condition until it holds or time runs out.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Polls until <paramref name="condition"/> holds; fails with <paramref name="because"/> otherwise.
    /// A condition that throws has not held yet (a silo may just have died); the last exception is reported.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                last = ex;
            }
            Assert.True(DateTime.UtcNow < deadline,
                $"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0} s: {because}{(last is null ? "" : $" (last error: {last.Message})")}");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls <paramref name="read"/> until its value satisfies <paramref name="done"/>, and returns that value.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T>> read, Func<T, bool> done, string because, TimeSpan? timeout = null)
    {
        var value = default(T);
        await UntilAsync(async () => done(value = await read()), because, timeout);
        return value!;
    }
}
