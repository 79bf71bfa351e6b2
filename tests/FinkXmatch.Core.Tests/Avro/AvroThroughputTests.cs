using FinkXmatch.Core.Tests.Kafka;
using System.Buffers;
using System.Diagnostics;
using FinkXmatch.Core.Avro;
using Xunit.Abstractions;

namespace FinkXmatch.Core.Tests.Avro;

/// <summary>Measures (and prints, without asserting speed) encode/decode throughput on the real sample records.</summary>
public class AvroThroughputTests(ITestOutputHelper output)
{
    // Tiered JIT needs a few hundred passes before the steady-state code runs: warm up, then measure.
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(800);

    [Fact]
    public void Encoder_allocates_nothing_per_record_and_throughput_is_reported()
    {
        var schema = KafkaSample.Schema;
        var records = KafkaSample.Container.ReadRecords(schema);
        var totalBytes = records.Sum(r => (long)r.Bytes.Length);
        var buffer = new ArrayBufferWriter<byte>(128 * 1024);

        EncodeAll(); // warm-up (JIT, buffer growth)
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        EncodeAll();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        output.WriteLine($"encoder allocations for {records.Count} records: {allocated} bytes");
        Assert.True(allocated == 0, $"encoding {records.Count} records allocated {allocated} bytes");

        var (passes, elapsed) = Repeat(EncodeAll);
        Report("encode", passes * records.Count, passes * totalBytes, elapsed);

        // The "medium" packet (no cutouts): closer to the size of a result row with many fields.
        var cutouts = new[] { "cutoutScience", "cutoutTemplate", "cutoutDifference" };
        var kept = Enumerable.Range(0, schema.Fields.Count).Where(i => !cutouts.Contains(schema.Fields[i].Name)).ToArray();
        var medium = new AvroRecordSchema(schema.Name, kept.Select(i => schema.Fields[i]));
        var rows = records.Select(r => kept.Select(i => r.Value[i]).ToArray()).ToArray();
        long mediumBytes = 0;
        foreach (var row in rows) mediumBytes += AvroEncoder.Encode(medium, row).Length;
        EncodeMedium();
        (passes, elapsed) = Repeat(EncodeMedium);
        Report("encode medium", passes * rows.Length, passes * mediumBytes, elapsed);

        void EncodeAll()
        {
            for (var i = 0; i < records.Count; i++)
            {
                buffer.ResetWrittenCount();
                AvroEncoder.Write(buffer, schema, records[i].Value);
            }
        }

        void EncodeMedium()
        {
            foreach (var row in rows)
            {
                buffer.ResetWrittenCount();
                AvroEncoder.Write(buffer, medium, row);
            }
        }
    }

    [Fact]
    public void Decode_throughput_is_reported()
    {
        var schema = KafkaSample.Schema;
        var payloads = KafkaSample.Container.ReadRecords(schema).Select(r => r.Bytes.ToArray()).ToArray();
        var totalBytes = payloads.Sum(p => (long)p.Length);
        long checksum = 0;

        DecodeAll();
        var (passes, elapsed) = Repeat(DecodeAll);
        Report("decode", passes * payloads.Length, passes * totalBytes, elapsed);
        Assert.NotEqual(0, checksum);

        void DecodeAll()
        {
            foreach (var payload in payloads) checksum += (long)AvroDecoder.DecodeRecord(schema, payload)["candid"]!;
        }
    }

    private static (long Passes, TimeSpan Elapsed) Repeat(Action pass)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < WarmUp) pass();
        watch.Restart();
        long passes = 0;
        while (watch.Elapsed < Budget)
        {
            pass();
            passes++;
        }
        return (passes, watch.Elapsed);
    }

    private void Report(string what, long records, long bytes, TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        output.WriteLine(FormattableString.Invariant(
            $"{what}: {records / seconds:F0} records/s, {bytes / seconds / 1e6:F1} MB/s ({records} records, {bytes / records} B avg, {seconds:F2} s)"));
    }
}
