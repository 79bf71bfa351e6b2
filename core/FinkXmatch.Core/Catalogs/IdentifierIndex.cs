namespace FinkXmatch.Core.Catalogs;

/// <summary>
/// Detects duplicate identifiers while loading: an open-addressing hash table (at most half full) whose 8-byte
/// slots hold an identifier's 32-bit hash beside its index into the identifier list. Keeping the hash in the slot
/// means growing never re-reads the strings and a probe compares strings only when the hashes agree: without it,
/// each probe and rehash was a cache miss into 10 million scattered strings (10 s instead of 1 s). For 10 million
/// identifiers it takes 256 MiB, about what a <c>HashSet&lt;string&gt;</c> needs, and finds the earlier duplicate
/// directly.
/// </summary>
internal sealed class IdentifierIndex
{
    private const int MaxSlots = 1 << 30;
    private long[] _slots = new long[1024]; // 0 = empty, otherwise (hash << 32) | (index + 1)
    private int _count;

    /// <summary>
    /// Records <paramref name="id"/> as the identifier at position <paramref name="ids"/>.Length (not yet stored) and
    /// returns -1, or returns the position of an equal (ordinal) identifier already in <paramref name="ids"/>.
    /// <paramref name="ids"/> must hold exactly the identifiers recorded so far, in order.
    /// </summary>
    public int AddOrFind(string id, ReadOnlySpan<string> ids)
    {
        if ((_count + 1) * 2 > _slots.Length) Grow();
        var hash = (uint)id.GetHashCode();
        var mask = _slots.Length - 1;
        var slot = (int)(hash & (uint)mask);
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                _slots[slot] = ((long)hash << 32) | (uint)(ids.Length + 1);
                _count++;
                return -1;
            }
            var index = (int)(uint)entry - 1;
            if ((uint)(entry >>> 32) == hash && string.Equals(ids[index], id, StringComparison.Ordinal)) return index;
            slot = (slot + 1) & mask;
        }
    }

    private void Grow()
    {
        if (_slots.Length >= MaxSlots) throw new InvalidOperationException("too many identifiers to index");
        var slots = new long[_slots.Length * 2];
        var mask = slots.Length - 1;
        foreach (var entry in _slots)
        {
            if (entry == 0) continue;
            var slot = (int)((uint)(entry >>> 32) & (uint)mask);
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = entry;
        }
        _slots = slots;
    }
}
