using FinkXmatch.Core.Storage;
using Parquet;

namespace FinkXmatch.Core.Tests.Storage;

public sealed class InPlaceFileStreamTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("inplace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Asynchronous_calls_are_done_before_they_return()
    {
        var path = Path.Combine(_dir, "bytes");
        var bytes = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        await using (var file = InPlaceFileStream.Create(path))
        {
            // Larger than the stream's buffer, so that the write reaches the file itself.
            var write = file.WriteAsync(bytes.AsMemory());
            Assert.True(write.IsCompletedSuccessfully);
            var flush = file.FlushAsync();
            Assert.True(flush.IsCompletedSuccessfully);
        }
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));

        await using var read = InPlaceFileStream.OpenRead(path);
        var back = new byte[bytes.Length];
        var got = 0;
        while (got < back.Length)
        {
            var pending = read.ReadAsync(back.AsMemory(got));
            Assert.True(pending.IsCompletedSuccessfully);
            got += await pending;
        }
        Assert.Equal(bytes, back);
        var end = read.ReadAsync(new byte[1].AsMemory());
        Assert.True(end.IsCompletedSuccessfully);
        Assert.Equal(0, await end);
    }

    [Fact]
    public async Task Writes_of_array_slices_and_of_other_memory_land_in_order()
    {
        // An array's slice is written through Write(byte[], ...), other memory (not an array) through the span.
        var path = Path.Combine(_dir, "slices");
        var bytes = Enumerable.Range(0, 50_000).Select(i => (byte)(i * 13 + 1)).ToArray();
        using var native = new NativeBytes(bytes[30_000..]);
        await using (var file = InPlaceFileStream.Create(path))
        {
            await file.WriteAsync(bytes.AsMemory(0, 10));
            await file.WriteAsync(bytes.AsMemory(10, 29_990));   // larger than the buffer, not at the array's start
            await file.WriteAsync(native.Memory);
        }
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }

    // Memory that is not an array's.
    private sealed unsafe class NativeBytes : System.Buffers.MemoryManager<byte>
    {
        private readonly byte* _bytes;
        private readonly int _length;

        public NativeBytes(byte[] bytes)
        {
            _length = bytes.Length;
            _bytes = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)_length);
            bytes.CopyTo(new Span<byte>(_bytes, _length));
        }

        public override Span<byte> GetSpan() => new(_bytes, _length);

        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => new(_bytes + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing) => System.Runtime.InteropServices.NativeMemory.Free(_bytes);
    }

    [Fact]
    public async Task A_cancelled_call_reads_nothing()
    {
        var path = Path.Combine(_dir, "bytes");
        await File.WriteAllBytesAsync(path, [1, 2, 3]);
        await using var read = InPlaceFileStream.OpenRead(path);
        var pending = read.ReadAsync(new byte[3].AsMemory(), new CancellationToken(canceled: true));
        Assert.True(pending.IsCanceled);
        Assert.Equal(0, read.Position);
    }

    [Fact]
    public async Task Parquet_net_reads_a_footer_through_it()
    {
        // A real alert file (its schema is read so): the same schema as through Parquet.Net's own file stream.
        var path = TestData.Path("datalake-sample/year=1988/month=11/day=03/part-00002.snappy.parquet");
        await using var own = await ParquetReader.CreateAsync(path);
        await using var file = InPlaceFileStream.OpenRead(path);
        await using var inPlace = await ParquetReader.CreateAsync(file);
        Assert.Equal(own.Schema.GetDataFields().Select(f => f.Path.ToString()), inPlace.Schema.GetDataFields().Select(f => f.Path.ToString()));
        Assert.Equal(own.Metadata!.NumRows, inPlace.Metadata!.NumRows);
    }
}
