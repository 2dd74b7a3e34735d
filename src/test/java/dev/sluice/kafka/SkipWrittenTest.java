package dev.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.testing.Runners;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

/** What a resumed run leaves out: the fingerprint of a record across runs, and the copy count. */
class SkipWrittenTest {

  static RawRecord record(String key, String value, String... headers) {
    List<RawRecord.Header> h = new java.util.ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.add(new RawRecord.Header(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8)));
    }
    return new RawRecord(
        "", -1, -1, 0, key.getBytes(StandardCharsets.UTF_8), bytes(value), List.copyOf(h));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRecordIsItsKeyValueAndHeaders() {
    long a = WrittenRecords.fingerprint(record("k", "v", "h", "1"));
    assertEquals(a, WrittenRecords.fingerprint(record("k", "v", "h", "1")));
    assertNotEquals(a, WrittenRecords.fingerprint(record("k", "v2", "h", "1")));
    assertNotEquals(a, WrittenRecords.fingerprint(record("k2", "v", "h", "1")));
    assertNotEquals(a, WrittenRecords.fingerprint(record("k", "v", "h", "2")));
    assertNotEquals(a, WrittenRecords.fingerprint(record("k", "v", "h", "1", "sluice.run", "r")));
    // Length-prefixed parts: moving a byte from key to value is another record.
    assertNotEquals(
        WrittenRecords.fingerprint(record("ab", "c")),
        WrittenRecords.fingerprint(record("a", "bc")));
  }

  /** A pane known by key, window, timing and index: the same pane with another isLast is one. */
  @Test
  void aPaneIsItsWindowAndIndexNotItsIsLastFlag() {
    String pane =
        "{\"key\":\"k\",\"windowStart\":\"2026-01-01T00:00:00Z\",\"windowEnd\":\"2026-01-01T00:00:10Z\","
            + "\"count\":%d,\"timing\":\"ON_TIME\",\"paneIndex\":%d,\"isLast\":%s}";
    var identity =
        (org.apache.beam.sdk.transforms.SerializableFunction<RawRecord, byte[]>)
            dev.sluice.pipelines.windowedaggregate.WindowPane::identity;
    long last = WrittenRecords.fingerprint(record("k", String.format(pane, 3, 0, true)), identity);
    assertEquals(
        last, WrittenRecords.fingerprint(record("k", String.format(pane, 3, 0, false)), identity));
    assertNotEquals(
        last, WrittenRecords.fingerprint(record("k", String.format(pane, 3, 1, true)), identity));
    // Without the identity the flag makes another record.
    assertNotEquals(
        WrittenRecords.fingerprint(record("k", String.format(pane, 3, 0, true))),
        WrittenRecords.fingerprint(record("k", String.format(pane, 3, 0, false))));
  }

  /** A dead letter failed at another wall-clock time on the resumed run: the same dead letter. */
  @Test
  void aDeadLetterIsItsOriginAndReasonNotWhenItFailed() {
    RawRecord input = new RawRecord("in", 2, 41, 0, bytes("k"), bytes("{oops"), List.of());
    for (DeadLetterFormat format :
        List.of(DeadLetterFormat.of("raw", 1000), DeadLetterFormat.of("json", 1000))) {
      RawRecord first =
          format.toRecord(new DeadLetter(input, "not JSON", "parse", Instant.ofEpochSecond(1)));
      RawRecord again =
          format.toRecord(new DeadLetter(input, "not JSON", "parse", Instant.ofEpochSecond(99)));
      assertEquals(WrittenRecords.fingerprint(first), WrittenRecords.fingerprint(again));
      RawRecord otherOffset =
          format.toRecord(
              new DeadLetter(
                  new RawRecord("in", 2, 42, 0, bytes("k"), bytes("{oops"), List.of()),
                  "not JSON",
                  "parse",
                  Instant.ofEpochSecond(1)));
      assertNotEquals(WrittenRecords.fingerprint(first), WrittenRecords.fingerprint(otherOffset));
    }
  }

  /**
   * The crashed run wrote a once and b once; the resumed run makes a, b twice (a pipeline may write
   * one record twice), c: only the second b and c go on, on Direct and embedded Flink alike.
   */
  @Test
  void onlyCopiesBeyondThoseWrittenGoOnDirect() {
    runsSkipping(Runners.direct("--enforceImmutability=true", "--enforceEncodability=true"));
  }

  @Test
  void onlyCopiesBeyondThoseWrittenGoOnFlink() {
    runsSkipping(Runners.flink());
  }

  private static void runsSkipping(org.apache.beam.sdk.options.PipelineOptions options) {
    RawRecord a = record("a", "1");
    RawRecord b = record("b", "2", "h", "x");
    RawRecord c = record("c", "3");
    Map<Long, Integer> written = new HashMap<>();
    written.put(WrittenRecords.fingerprint(a), 1);
    written.put(WrittenRecords.fingerprint(b), 1);
    Pipeline p = Pipeline.create(options);
    PCollection<String> out =
        p.apply(Create.of(List.of(a, b, b, c)).withCoder(RawRecordCoder.of()))
            .apply(new SkipWritten(WrittenRecords.of(written), null))
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(r -> new String(r.key(), StandardCharsets.UTF_8)));
    PAssert.that(out).containsInAnyOrder("b", "c");
    p.run().waitUntilFinish();
  }
}
