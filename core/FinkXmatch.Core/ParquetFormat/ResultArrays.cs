using System.Runtime.CompilerServices;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// The arrays of result batches (a batch's separations, sources and alert indices, the objectId bytes copied out for
/// it), lent again once a batch's rows are written. Made fresh each time, they were fresh memory: the GC's first
/// generation, sized from this machine's 300 MB L3, is not collected within a job, so at 60" against 10 M sources
/// (~0.19 rows per alert, ~30 B of these arrays per row) every 4 KiB of them cost a page fault and its zeroing.
/// Only the consumer that holds a batch's last reference may hand it back (<c>ResultBatch.Recycle</c>, called by a
/// <c>ResultParquetWriter</c> made with <c>recycleBatches</c>); without one, every array is new as before.
/// An array that was not lent here is never taken back (a catalog's identifier bytes, a caller's own arrays).
/// The pool is the process's: what it holds between jobs is bounded, at most 64 arrays of each element type and at most
/// <see cref="MaxHeldBytes"/> bytes of all of them together; an array handed back beyond either bound is left to the GC.
/// </summary>
internal static class ResultArrays
{
    /// <summary>
    /// The most bytes the arrays held for lending again take, every element type together: a few nights' batches at 60"
    /// against 10 M sources (a batch of 4,096 rows is some 120 KiB), and no more however big a night's batches were.
    /// </summary>
    public const long MaxHeldBytes = 64L << 20;

    private static long s_heldBytes;

    /// <summary>The bytes of the arrays held now for lending again (at most <see cref="MaxHeldBytes"/>).</summary>
    public static long HeldBytes => Interlocked.Read(ref s_heldBytes);

    // Arrays lent and not yet handed back (weak: an array never handed back is collected with its batch).
    private static readonly ConditionalWeakTable<Array, object> s_lent = new();
    private static readonly object s_mark = new();

    /// <summary>An array of at least <paramref name="length"/> elements, not cleared (the caller writes what it reads).</summary>
    public static T[] Rent<T>(int length) where T : unmanaged
    {
        var array = Free<T>.Take(length);
        s_lent.AddOrUpdate(array, s_mark);
        return array;
    }

    /// <summary>Hands back an array lent by <see cref="Rent{T}"/> (nothing else may still read it); any other array is left alone.</summary>
    public static void Return(Array? array)
    {
        if (array is null || !s_lent.Remove(array)) return;
        switch (array)
        {
            case double[] doubles: Free<double>.Put(doubles); break;
            case int[] ints: Free<int>.Put(ints); break;
            case long[] longs: Free<long>.Put(longs); break;
            case byte[] bytes: Free<byte>.Put(bytes); break;
        }
    }

    // The arrays handed back of one element type: any that is long enough is taken, else a new one, with room to spare
    // once arrays come back (a row group's rows vary: an array sized exactly would rarely fit the next batch).
    private static class Free<T> where T : unmanaged
    {
        private const int Held = 64;   // more batches than a job keeps in flight (a night's, the writer's pending rows)
        private static readonly List<T[]> s_arrays = [];
        private static bool s_returned;

        public static T[] Take(int length)
        {
            lock (s_arrays)
            {
                for (var i = s_arrays.Count - 1; i >= 0; i--)
                {
                    var array = s_arrays[i];
                    if (array.Length < length) continue;
                    s_arrays[i] = s_arrays[^1];
                    s_arrays.RemoveAt(s_arrays.Count - 1);
                    Interlocked.Add(ref s_heldBytes, -BytesOf(array));
                    return array;
                }
            }
            return GC.AllocateUninitializedArray<T>(Volatile.Read(ref s_returned) ? length + length / 8 : length);
        }

        public static void Put(T[] array)
        {
            lock (s_arrays)
            {
                s_returned = true;
                if (s_arrays.Count < Held && TryHold(BytesOf(array))) s_arrays.Add(array);
            }
        }

        private static long BytesOf(T[] array) => (long)array.Length * Unsafe.SizeOf<T>();
    }

    // Counts bytes in before an array is held; false (nothing counted) when they would go over the bound.
    private static bool TryHold(long bytes)
    {
        var held = Interlocked.Read(ref s_heldBytes);
        while (true)
        {
            if (held + bytes > MaxHeldBytes) return false;
            var seen = Interlocked.CompareExchange(ref s_heldBytes, held + bytes, held);
            if (seen == held) return true;
            held = seen;
        }
    }
}
