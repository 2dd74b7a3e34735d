package dev.sluice.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.pipelines.windowedaggregate.ReadingExtractor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * Property-based fuzzing of the parser: whatever the bytes, it returns (never throws), and every
 * record is either a valid event that survives coding or a rejection with a reason whose dead
 * letter still holds the input byte for byte. "unexpected parse failure" (an exception caught as a
 * last resort) counts as a bug here.
 */
class EventParserFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PRODUCED_AT = Instant.parse("2026-11-26T10:00:05Z").toEpochMilli();
  static final String VALID =
      "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/sensors/gw-1\",\"type\":\"sensor.reading\","
          + "\"time\":\"2026-11-26T10:00:03.120Z\",\"subject\":\"device-17\",\"datacontenttype\":\"application/json\","
          + "\"data\":{\"value\":21.5}}";

  private static final EventParser ENVELOPE = new EventParser(Duration.ofHours(1));
  private static final EventParser READING = ENVELOPE.requiring(new ReadingExtractor("value"));

  @Property(tries = 500)
  void randomBytes(@ForAll @Size(max = 600) byte[] value, @ForAll boolean binary) {
    checkBoth(record(value, binary ? binaryHeaders() : List.of()));
  }

  @Property(tries = 1500)
  void mutatedValidEvents(@ForAll("mutants") byte[] value) {
    ParseResult result = checkBoth(record(value, List.of()));
    Statistics.collect(result.isValid() ? "valid" : "rejected");
  }

  @Property(tries = 500)
  void mutatedBinaryData(@ForAll("dataMutants") byte[] data) {
    ParseResult result = checkBoth(record(data, binaryHeaders()));
    Statistics.collect(result.isValid() ? "valid" : "rejected");
  }

  @Property(tries = 300)
  void anyJsonInAnyAttribute(
      @ForAll("attributes") String attribute, @ForAll("jsonValues") String json) {
    String value = VALID.replaceFirst("\"" + attribute + "\":(\"[^\"]*\"|\\{[^}]*\\})", "");
    value =
        value.replace("{\"specversion\"", "{\"" + attribute + "\":" + json + ",\"specversion\"");
    if (attribute.equals("specversion")) {
      value = value.replaceFirst(",\"specversion\":\"1.0\"", "");
    }
    checkBoth(record(value.getBytes(StandardCharsets.UTF_8), List.of()));
  }

  @Property(tries = 30)
  void deeplyNestedData(@ForAll @IntRange(min = 1, max = 5000) int depth, @ForAll boolean arrays) {
    String open = arrays ? "[" : "{\"a\":";
    String close = arrays ? "]" : "}";
    String nested = open.repeat(depth) + "1" + close.repeat(depth);
    String value = VALID.replace("{\"value\":21.5}", "{\"value\":1,\"deep\":" + nested + "}");
    ParseResult result = checkBoth(record(value.getBytes(StandardCharsets.UTF_8), List.of()));
    // Jackson refuses a document nested deeper than 1000 levels; the event and its data take two
    // of them. Around the limit either answer is fine: never a throw (checkBoth), never a lost
    // record.
    if (depth <= 990) {
      assertTrue(result.isValid(), result::error);
    } else if (depth >= 1000) {
      assertFalse(result.isValid(), "nested " + depth + " levels deep, yet valid");
    }
  }

  /** Both sides of the limit, every run (random depths reach them rarely). */
  @Example
  void nestingJustInsideAndJustBeyondTheLimit() {
    for (boolean arrays : new boolean[] {true, false}) {
      deeplyNestedData(990, arrays);
      deeplyNestedData(1000, arrays);
    }
  }

  @Property(tries = 20)
  void hugeValues(@ForAll @IntRange(min = 1, max = 3_000_000) int length, @ForAll boolean number) {
    String huge = number ? "9".repeat(Math.min(length, 5000)) : "\"" + "x".repeat(length) + "\"";
    String value = VALID.replace("{\"value\":21.5}", "{\"value\":1,\"big\":" + huge + "}");
    checkBoth(record(value.getBytes(StandardCharsets.UTF_8), List.of()));
  }

  @Provide
  Arbitrary<byte[]> mutants() {
    return mutationsOf(VALID.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<byte[]> dataMutants() {
    return mutationsOf("{\"value\":7.25,\"unit\":\"C\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> attributes() {
    return Arbitraries.of(
        "specversion",
        "id",
        "source",
        "type",
        "time",
        "subject",
        "datacontenttype",
        "dataschema",
        "data",
        "ext");
  }

  @Provide
  Arbitrary<String> jsonValues() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "null",
            "true",
            "1.0",
            "-0",
            "1e400",
            "-1e400",
            "1e-400",
            "\"\"",
            "\"1.0\"",
            "[]",
            "{}",
            "[\"1.0\"]",
            "{\"value\":\"x\"}",
            "{\"value\":null}",
            "\"2026-11-26T10:00:03Z\""),
        Arbitraries.strings().ofMaxLength(40).map(EventParserFuzzTest::quote),
        Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "0"),
        Arbitraries.strings().ofMinLength(1000).ofMaxLength(1100).map(EventParserFuzzTest::quote));
  }

  /** Byte flips, insertions, deletions, truncation and a few JSON-shaped splices. */
  private static Arbitrary<byte[]> mutationsOf(byte[] base) {
    Arbitrary<Mutation> one =
        Arbitraries.oneOf(
            Arbitraries.integers()
                .between(0, base.length - 1)
                .flatMap(at -> Arbitraries.bytes().map(b -> (Mutation) v -> set(v, at, b))),
            Arbitraries.integers()
                .between(0, base.length)
                .flatMap(
                    at ->
                        Arbitraries.of(
                                "{",
                                "}",
                                "\"",
                                ",",
                                ":",
                                "1e400",
                                " ",
                                "\\",
                                "\u00e9",
                                "\u0000",
                                ",\"id\":\"x\"",
                                ",\"specversion\":\"1.0\"",
                                "{}",
                                "]")
                            .map(
                                s ->
                                    (Mutation)
                                        v -> insert(v, at, s.getBytes(StandardCharsets.UTF_8)))),
            Arbitraries.integers().between(0, base.length).map(n -> (Mutation) v -> cut(v, n)),
            Arbitraries.just((Mutation) v -> concat(v, v)));
    return one.list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(
            ms -> {
              byte[] v = base.clone();
              for (Mutation m : ms) {
                v = m.apply(v);
              }
              return v;
            });
  }

  interface Mutation {
    byte[] apply(byte[] v);
  }

  private static byte[] set(byte[] v, int at, byte b) {
    byte[] out = v.clone();
    if (out.length > 0) {
      out[Math.min(at, out.length - 1)] = b;
    }
    return out;
  }

  private static byte[] insert(byte[] v, int at, byte[] s) {
    int i = Math.min(at, v.length);
    byte[] out = new byte[v.length + s.length];
    System.arraycopy(v, 0, out, 0, i);
    System.arraycopy(s, 0, out, i, s.length);
    System.arraycopy(v, i, out, i + s.length, v.length - i);
    return out;
  }

  private static byte[] cut(byte[] v, int n) {
    return java.util.Arrays.copyOf(v, Math.min(n, v.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return insert(a, a.length, b);
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<RawRecord.Header> binaryHeaders() {
    List<RawRecord.Header> h = new ArrayList<>();
    for (String[] kv :
        new String[][] {
          {"ce_specversion", "1.0"},
          {"ce_id", "b-1"},
          {"ce_source", "/gw"},
          {"ce_type", "r"},
          {"ce_time", "2026-11-26T10:00:01Z"},
          {"content-type", "application/json"}
        }) {
      h.add(new RawRecord.Header(kv[0], kv[1].getBytes(StandardCharsets.UTF_8)));
    }
    return h;
  }

  private static RawRecord record(byte[] value, List<RawRecord.Header> headers) {
    return new RawRecord("events", 0, 5, PRODUCED_AT, null, value, headers);
  }

  /** Both parsers: the bare envelope and windowed-aggregate's, whose check may reject more. */
  private static ParseResult checkBoth(RawRecord record) {
    ParseResult envelope = check(record, ENVELOPE);
    ParseResult reading = check(record, READING);
    if (reading.isValid()) {
      assertTrue(envelope.isValid(), "the check only ever rejects more");
      double v = new ReadingExtractor("value").read(clone(reading.event()));
      assertTrue(Double.isFinite(v), "never aggregated: " + v);
    }
    return envelope;
  }

  private static ParseResult check(RawRecord record, EventParser parser) {
    ParseResult result = parser.parse(record);
    assertNotNull(result);
    if (result.isValid()) {
      assertNull(result.error());
      Event e = result.event();
      assertTrue(e.data().isObject());
      Event back = clone(e);
      assertEquals(e, back);
      assertEquals(e.data(), back.data(), "data parsed again after coding");
      return result;
    }
    String reason = result.error();
    assertNotNull(reason);
    assertFalse(reason.isBlank());
    assertFalse(reason.startsWith("unexpected parse failure"), reason);
    DeadLetter dead = new DeadLetter(record, reason, "parse", Instant.now());
    assertArrayEquals(record.value(), dead.record().value());
    assertArrayEquals(record.value(), rawValue(dead.toJson()), "dead letter JSON keeps the bytes");
    return result;
  }

  private static Event clone(Event e) {
    try {
      return CoderUtils.clone(EventCoder.of(), e);
    } catch (Exception x) {
      throw new AssertionError(x);
    }
  }

  private static byte[] rawValue(String deadLetterJson) {
    try {
      JsonNode d = JSON.readTree(deadLetterJson);
      JsonNode raw = d.get("rawValue");
      if (raw.isNull()) {
        return null;
      }
      return d.get("rawValueEncoding").asText().equals("base64")
          ? Base64.getDecoder().decode(raw.asText())
          : raw.asText().getBytes(StandardCharsets.UTF_8);
    } catch (Exception x) {
      throw new AssertionError(x);
    }
  }
}
