namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// An append-only buffer that doubles up to a known maximum (never allocating past it) and hands back an array
/// of exactly the used length.
/// </summary>
internal struct GrowableArray<T>
{
    private T[] _items;
    private readonly int _max;

    public GrowableArray(int max, int initial = 0)
    {
        _max = max;
        _items = new T[Math.Min(Math.Max(1024, initial), max)];
        Count = 0;
    }

    public int Count { get; private set; }

    public readonly ReadOnlySpan<T> Items => _items.AsSpan(0, Count);

    /// <summary>The items, to change in place.</summary>
    public readonly Span<T> WritableItems => _items.AsSpan(0, Count);

    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            var size = (int)Math.Min((long)_items.Length * 2, _max);
            if (size <= Count) throw new InvalidOperationException("buffer is full");
            Array.Resize(ref _items, size);
        }
        _items[Count++] = item;
    }

    /// <summary>The items, trimmed to <see cref="Count"/>. The buffer must not be used afterwards.</summary>
    public T[] ToTrimmedArray()
    {
        if (_items.Length != Count) Array.Resize(ref _items, Count);
        return _items;
    }
}
