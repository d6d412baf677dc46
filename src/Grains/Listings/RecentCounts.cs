namespace Ecommerce.Grains.Listings;

/// <summary>
/// The counts a listing made in the last moment, by its filters, so that a busy listing is
/// counted a few times a second instead of once per request. A count reads up to 10,001 index
/// entries while its page reads 21: on a catalog of a million products the count was most of
/// a listing's cost (docs/benchmarks.md, the scale benchmark). A count is kept no longer than
/// <c>keepFor</c>, well inside api.md's "listings show a change within one second of it", and
/// at most <c>most</c> filters are kept (search words are anyone's). One per grain activation,
/// which runs one call at a time: not thread-safe.
/// </summary>
public static class RecentCounts
{
    /// <summary>Half of the second in which api.md has a listing show a change.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMilliseconds(500);
}

/// <summary>The counts of one listing grain's activation, by filters (see <see cref="RecentCounts"/>).</summary>
public sealed class RecentCounts<TKey>(TimeProvider time, TimeSpan keepFor, int most) where TKey : notnull
{
    private readonly Dictionary<TKey, (long Count, DateTimeOffset At)> _counts = [];

    public bool TryGet(TKey key, out long count)
    {
        count = 0;
        if (!_counts.TryGetValue(key, out var held) || time.GetUtcNow() - held.At >= keepFor)
        {
            return false;
        }
        count = held.Count;
        return true;
    }

    public void Add(TKey key, long count)
    {
        var now = time.GetUtcNow();
        if (_counts.Count >= most && !_counts.ContainsKey(key))
        {
            foreach (var stale in _counts.Where(c => now - c.Value.At >= keepFor).Select(c => c.Key).ToList())
            {
                _counts.Remove(stale);
            }
            if (_counts.Count >= most)
            {
                _counts.Clear();
            }
        }
        _counts[key] = (count, now);
    }
}
