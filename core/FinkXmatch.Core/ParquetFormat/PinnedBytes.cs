using System.Buffers;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// Bytes the caller keeps pinned (a <c>fixed</c> span) as <see cref="Memory{T}"/>, for the positional reads that take
/// a list of memories (<see cref="RandomAccess.Read(Microsoft.Win32.SafeHandles.SafeFileHandle, IReadOnlyList{Memory{byte}}, long)"/>)
/// where the target is a span over another type's array (a catalog's positions). Valid only while the caller's pin holds.
/// </summary>
internal sealed unsafe class PinnedBytes(byte* pointer, int length) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)length, nameof(elementIndex));
        return new MemoryHandle(pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
