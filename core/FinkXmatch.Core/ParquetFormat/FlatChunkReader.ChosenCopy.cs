using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FinkXmatch.Core.ParquetFormat;

/// <summary>
/// The chosen rows of the last <see cref="TrySelect"/> copied out in one pass each, for late materialization: at
/// ~0.2 result rows per alert, a call per value (<see cref="ChosenValue{T}"/>, <see cref="ChosenBytes"/> twice) cost as
/// much as the copies themselves.
/// </summary>
internal sealed partial class FlatChunkReader
{
    /// <summary>The fixed-width values of the chosen rows, zero where a row is null (see <see cref="ChosenDefinitions"/>).</summary>
    public ReadOnlySpan<T> ChosenValues<T>() where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != _chosenValueSize) throw new InvalidOperationException($"the chunk holds {_chosenValueSize}-byte values");
        return MemoryMarshal.Cast<byte, T>(_chosenValues.AsSpan(0, _chosenCount * _chosenValueSize));
    }

    /// <summary>
    /// The chosen rows of a byte-array column as PLAIN encodes them (a 4-byte little-endian length, then the bytes), a
    /// null row (definition below <paramref name="defined"/>) taking no bytes, into one new array; per row, where its
    /// bytes start (after the length; for a null row, where the next row's length would end) and its length (-1: null).
    /// </summary>
    public byte[] ChosenPlain(int defined, int[] starts, int[] lengths)
    {
        var n = _chosenCount;
        var defs = _chosenDefs;
        long total = 0;
        for (var i = 0; i < n; i++)
            if (defs[i] == defined) total += 4 + _lengths[i];
        // 16 bytes of slack: a short value is moved as one 16-byte block, which may write past its end.
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)total + 16));
        ref var target = ref MemoryMarshal.GetArrayDataReference(bytes);
        ref var data = ref MemoryMarshal.GetArrayDataReference(_data);
        var at = 0;
        for (var i = 0; i < n; i++)
        {
            if (defs[i] != defined)
            {
                (starts[i], lengths[i]) = (at + 4, -1);
                continue;
            }
            var (offset, length) = (_offsets[i], _lengths[i]);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at, 4), length);
            if (offset >= 0 && length <= 16 && offset <= _data.Length - 16)
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, at + 4), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref data, offset)));
            else Bytes(i).CopyTo(bytes.AsSpan(at + 4, length));
            (starts[i], lengths[i]) = (at + 4, length);
            at += 4 + length;
        }
        return bytes;
    }

    /// <summary>
    /// When no chosen row of the last <see cref="TrySelect"/> is null (below <paramref name="defined"/>) and every one
    /// has the same <paramref name="length"/> (ZTF's objectId), the chosen rows as <see cref="ChosenPlain"/> encodes
    /// them, row i at i x (4 + length), with no start and length per row made: each copied with its length prefix as one
    /// or two 16-byte block moves. False (nothing made) otherwise.
    /// </summary>
    public bool TryChosenPlainOneLength(int defined, out byte[] bytes, out int length)
    {
        (bytes, length) = (null!, _chosenOneLength);
        var n = _chosenCount;
        if (length < 0 || _chosenDefs.AsSpan(0, n).ContainsAnyExcept(defined)) return false;
        var stride = 4 + length;
        if (_chosenPlainReady && _chosenPlain is { } copied)
        {
            // Copied out as the lengths were checked (EveryRowOneLengthCopied): handed over, not copied again.
            (bytes, _chosenPlain, _chosenPlainReady) = (copied, null, false);
            return true;
        }
        // 16 bytes of slack: the last value's block move may write past its end. A lent array: the result writer hands it back.
        bytes = ResultArrays.Rent<byte>(checked(n * stride + 16));
        ref var target = ref MemoryMarshal.GetArrayDataReference(bytes);
        ref var data = ref MemoryMarshal.GetArrayDataReference(_data);
        var offsets = _offsets.AsSpan(0, n);
        var blocks = stride <= 32 && _data.Length >= 32;
        var lastBlock = (uint)(_data.Length - 32);
        for (var i = 0; i < offsets.Length; i++)
        {
            var from = offsets[i] - 4;   // the value's length prefix, as the page holds it
            ref var to = ref Unsafe.Add(ref target, i * stride);
            if (blocks && (uint)from <= lastBlock)
            {
                Unsafe.WriteUnaligned(ref to, Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref data, from)));
                if (stride > 16) Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 16), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref data, from + 16)));
            }
            else _data.AsSpan(from, stride).CopyTo(bytes.AsSpan(i * stride, stride));
        }
        return true;
    }
}
