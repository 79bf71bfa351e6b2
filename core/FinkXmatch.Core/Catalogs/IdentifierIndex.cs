namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Detects duplicate identifiers while loading: an open-addressing hash table of indexes into the identifier list
/// (4 bytes per slot, at most half full). For 10 million identifiers it takes 128 MiB where a
/// <c>HashSet&lt;string&gt;</c> takes about three times that, and it finds the earlier duplicate directly.
/// </summary>
internal sealed class IdentifierIndex
{
    private const int MaxSlots = 1 << 30;
    private int[] _slots = new int[1024]; // 0 = empty, otherwise index + 1
    private int _count;

    /// <summary>
    /// Records <paramref name="id"/> as the identifier at position <paramref name="ids"/>.Length (not yet stored) and
    /// returns -1, or returns the position of an equal (ordinal) identifier already in <paramref name="ids"/>.
    /// <paramref name="ids"/> must hold exactly the identifiers recorded so far, in order.
    /// </summary>
    public int AddOrFind(string id, ReadOnlySpan<string> ids)
    {
        if ((_count + 1) * 2 > _slots.Length) Grow(ids);
        var mask = _slots.Length - 1;
        var slot = id.GetHashCode() & mask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                _slots[slot] = ids.Length + 1;
                _count++;
                return -1;
            }
            if (string.Equals(ids[entry - 1], id, StringComparison.Ordinal)) return entry - 1;
            slot = (slot + 1) & mask;
        }
    }

    private void Grow(ReadOnlySpan<string> ids)
    {
        if (_slots.Length >= MaxSlots) throw new InvalidOperationException("too many identifiers to index");
        var slots = new int[_slots.Length * 2];
        var mask = slots.Length - 1;
        foreach (var entry in _slots)
        {
            if (entry == 0) continue;
            var slot = ids[entry - 1].GetHashCode() & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = entry;
        }
        _slots = slots;
    }
}
