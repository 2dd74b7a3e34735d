package dev.sluice.generator;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A deterministic stream of CloudEvents sensor readings with the defects a real feed has: disorder,
 * late events, duplicates and malformed records. Same config (seed included), same bytes: the only
 * randomness is a {@link SplittableRandom} seeded from the config, and no wall clock is read.
 *
 * <p>Record {@code i} has the nominal event time {@code startTime + i /
 * eventsPerSecondOfEventTime}. On-time events lie up to {@code maxOutOfOrderness} before it, never
 * further behind the largest event time emitted so far than that bound. Late events are placed
 * relative to that maximum, so a downstream watermark of "max event time - maxOutOfOrderness" sees
 * them late by construction; near the start of the stream this can put them before {@code
 * startTime}.
 *
 * <p>Not thread-safe; one generator per stream.
 */
public final class EventGenerator implements Iterator<GeneratedRecord> {

  /** Duplicates re-send one of the last few on-time events, like a producer retry would. */
  private static final int RETRY_HORIZON = 64;

  /**
   * The CloudEvents Kafka binding marks structured mode by this header; without it the official
   * reader (KafkaMessageFactory) rejects the record. One shared array: records never modify it.
   */
  static final GeneratedRecord.Header STRUCTURED_CONTENT_TYPE =
      new GeneratedRecord.Header(
          "content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));

  private static final RecordKind[] MALFORMED = {
    RecordKind.MALFORMED_NOT_JSON, RecordKind.MALFORMED_MISSING_TIME,
    RecordKind.MALFORMED_WRONG_TYPES, RecordKind.MALFORMED_MISSING_DATA
  };
  private static final String[] BAD_NUMBERS = {"abc", "n/a", "21,5", "", "NaN"};
  private static final String GARBAGE_FIRST =
      "abcdeghijklmopqrsuvwxyz"; // no f/n/t: not true/false/null
  private static final String GARBAGE =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .;:=<>!?-_/";
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:");
  private static final long DAY_MILLIS = 86_400_000L;

  private final GeneratorConfig config;
  private final SplittableRandom random;
  private final long startMillis;
  private final double millisPerEvent;
  private final long maxOutOfOrdernessMillis;
  private final long[] lateWithin;
  private final long[] lateBeyond;
  private final int hotKeys;

  private final String[] subjects;
  private final int[] sourceOf;
  private final int[] typeOf;
  private final double[] deviceOffset;
  private final String[] sources;
  private final URI[] sourceUris;
  private final String[] types;
  private final ValueModel[] models;

  private final CloudEventSerializer binarySerializer = new CloudEventSerializer();
  private final StringBuilder json = new StringBuilder(256);
  private final GeneratedRecord[] recent = new GeneratedRecord[RETRY_HORIZON];
  private int recentSize;
  private int recentNext;

  private long produced;
  private long nextId = 1;
  private long maxEventTime;
  private int malformedTurn;
  private long duplicateDebt;
  private long cachedMinute = Long.MIN_VALUE;
  private String minutePrefix;

  public EventGenerator(GeneratorConfig config) {
    this.config = config;
    this.random = new SplittableRandom(config.seed());
    this.startMillis = config.startTime().toEpochMilli();
    this.millisPerEvent = 1000.0 / config.eventsPerSecondOfEventTime();
    this.maxOutOfOrdernessMillis = config.maxOutOfOrderness().toMillis();
    this.lateWithin = config.lateWithinLateness();
    this.lateBeyond = config.lateBeyondLateness();
    this.hotKeys = Math.min(config.hotKeyCount(), config.keys());
    // Late events before the first on-time one are measured from the start.
    this.maxEventTime = startMillis;

    sources = config.sources().toArray(String[]::new);
    sourceUris = new URI[sources.length];
    for (int i = 0; i < sources.length; i++) {
      sourceUris[i] = URI.create(sources[i]);
    }
    types = config.eventTypes().toArray(String[]::new);
    models = new ValueModel[types.length];
    for (int i = 0; i < types.length; i++) {
      models[i] = ValueModel.forType(types[i]);
    }
    // Per-device traits come from their own stream so they do not depend on the record sequence.
    SplittableRandom traits = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
    int keys = config.keys();
    subjects = new String[keys];
    sourceOf = new int[keys];
    typeOf = new int[keys];
    deviceOffset = new double[keys];
    for (int k = 0; k < keys; k++) {
      subjects[k] = "device-" + k;
      sourceOf[k] = k % sources.length;
      typeOf[k] = k % types.length;
      deviceOffset[k] = gaussian(traits) * models[typeOf[k]].deviceSpread;
    }
    binarySerializer.configure(
        Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
  }

  /** All {@code config.count()} records as a sequential stream. */
  public static Stream<GeneratedRecord> stream(GeneratorConfig config) {
    EventGenerator gen = new EventGenerator(config);
    int characteristics = Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED;
    return StreamSupport.stream(
        Spliterators.spliterator(gen, config.count(), characteristics), false);
  }

  public GeneratorConfig config() {
    return config;
  }

  @Override
  public boolean hasNext() {
    return produced < config.count();
  }

  @Override
  public GeneratedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    long nominal = startMillis + (long) (produced * millisPerEvent);
    produced++;
    RecordKind kind = drawKind();
    return switch (kind) {
      case ON_TIME -> event(kind, onTimeEventTime(nominal));
      case LATE_WITHIN -> event(kind, maxEventTime - uniform(lateWithin[0], lateWithin[1]));
      case LATE_BEYOND -> event(kind, maxEventTime - uniform(lateBeyond[0], lateBeyond[1]));
      case DUPLICATE -> duplicate();
      default -> malformed(kind, nominal);
    };
  }

  private RecordKind drawKind() {
    double u = random.nextDouble();
    double edge = config.duplicateShare();
    RecordKind kind;
    if (u < edge) {
      kind = RecordKind.DUPLICATE;
    } else if (u < (edge += config.malformedShare())) {
      // Round robin, so the malformed classes stay evenly spread even in short streams.
      kind = MALFORMED[malformedTurn++ % MALFORMED.length];
    } else if (u < (edge += config.lateWithinShare())) {
      kind = RecordKind.LATE_WITHIN;
    } else if (u < edge + config.lateBeyondShare()) {
      kind = RecordKind.LATE_BEYOND;
    } else {
      kind = RecordKind.ON_TIME;
    }
    // A duplicate needs an earlier event: owe it until one exists, so the share still holds.
    if (kind == RecordKind.DUPLICATE && recentSize == 0) {
      duplicateDebt++;
      kind = RecordKind.ON_TIME;
    } else if (kind == RecordKind.ON_TIME && duplicateDebt > 0 && recentSize > 0) {
      duplicateDebt--;
      kind = RecordKind.DUPLICATE;
    }
    return kind;
  }

  private long onTimeEventTime(long nominal) {
    // Mostly small delays, rarely close to the bound; strictly below it, as u < 1. Near the start
    // the bound shrinks so no event precedes startTime (clamping would pile them up on it).
    double u = random.nextDouble();
    long bound = Math.min(maxOutOfOrdernessMillis, nominal - startMillis);
    long t = nominal - (long) (bound * u * u * u);
    // nominal >= every earlier nominal >= maxEventTime, so this only guards rounding.
    return Math.max(t, maxEventTime - maxOutOfOrdernessMillis);
  }

  private long uniform(long lo, long hi) {
    return lo + random.nextLong(hi - lo + 1);
  }

  private int drawKey() {
    int keys = config.keys();
    if (keys == hotKeys || random.nextDouble() < config.hotKeyShare()) {
      return random.nextInt(hotKeys);
    }
    return hotKeys + random.nextInt(keys - hotKeys);
  }

  private GeneratedRecord event(RecordKind kind, long eventTime) {
    int k = drawKey();
    String id = config.idPrefix() + nextId++;
    String source = sources[sourceOf[k]];
    String type = types[typeOf[k]];
    double value = models[typeOf[k]].sample(random, deviceOffset[k], eventTime);
    String data = "{\"value\":" + value + "}";
    boolean binary = random.nextDouble() < config.binaryShare();
    GeneratedRecord record;
    if (binary) {
      RecordHeaders headers = new RecordHeaders();
      byte[] payload =
          binarySerializer.serialize(null, headers, cloudEvent(k, id, type, eventTime, data));
      List<GeneratedRecord.Header> list = new ArrayList<>(8);
      headers.forEach(h -> list.add(new GeneratedRecord.Header(h.key(), h.value())));
      record =
          new GeneratedRecord(
              subjects[k],
              payload,
              list,
              kind,
              true,
              Instant.ofEpochMilli(eventTime),
              source,
              id,
              value);
    } else {
      byte[] payload = structured(id, source, type, quotedTime(eventTime), subjects[k], data);
      record =
          new GeneratedRecord(
              subjects[k],
              payload,
              List.of(STRUCTURED_CONTENT_TYPE),
              kind,
              false,
              Instant.ofEpochMilli(eventTime),
              source,
              id,
              value);
    }
    if (kind == RecordKind.ON_TIME) {
      maxEventTime = Math.max(maxEventTime, eventTime);
      recent[recentNext] = record;
      recentNext = (recentNext + 1) % RETRY_HORIZON;
      recentSize = Math.min(recentSize + 1, RETRY_HORIZON);
    }
    return record;
  }

  private CloudEvent cloudEvent(int k, String id, String type, long eventTime, String data) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withSource(sourceUris[sourceOf[k]])
        .withType(type)
        .withTime(OffsetDateTime.ofInstant(Instant.ofEpochMilli(eventTime), ZoneOffset.UTC))
        .withSubject(subjects[k])
        .withDataContentType("application/json")
        .withData(data.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private GeneratedRecord duplicate() {
    GeneratedRecord original = recent[random.nextInt(recentSize)];
    // Copies, so a consumer that reuses one record's arrays cannot change the other.
    List<GeneratedRecord.Header> headers = new ArrayList<>(original.headers().size());
    for (GeneratedRecord.Header h : original.headers()) {
      headers.add(new GeneratedRecord.Header(h.name(), h.value().clone()));
    }
    return new GeneratedRecord(
        original.key(),
        original.value().clone(),
        headers,
        RecordKind.DUPLICATE,
        original.binary(),
        original.eventTime(),
        original.source(),
        original.id(),
        original.dataValue());
  }

  private GeneratedRecord malformed(RecordKind kind, long nominal) {
    int k = drawKey();
    String id = config.idPrefix() + nextId++;
    String source = sources[sourceOf[k]];
    String type = types[typeOf[k]];
    String subject = subjects[k];
    String time = quotedTime(nominal);
    String data = "{\"value\":" + models[typeOf[k]].sample(random, deviceOffset[k], nominal) + "}";
    byte[] payload;
    switch (kind) {
      case MALFORMED_NOT_JSON -> {
        if (random.nextBoolean()) {
          // A message cut short, as from a crashed or size-limited producer.
          byte[] whole = structured(id, source, type, time, subject, data);
          payload = java.util.Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 2));
        } else {
          payload = garbage();
          subject = null;
        }
        source = null;
        id = null;
      }
      case MALFORMED_MISSING_TIME -> payload = structured(id, source, type, null, subject, data);
      case MALFORMED_MISSING_DATA -> payload = structured(id, source, type, time, subject, null);
      case MALFORMED_WRONG_TYPES -> {
        if (random.nextBoolean()) {
          String bad = BAD_NUMBERS[random.nextInt(BAD_NUMBERS.length)];
          payload = structured(id, source, type, time, subject, "{\"value\":\"" + bad + "\"}");
        } else {
          payload = structured(id, source, type, Long.toString(nominal), subject, data);
        }
      }
      default -> throw new IllegalStateException(kind.name());
    }
    return new GeneratedRecord(
        subject, payload, List.of(), kind, false, null, source, id, Double.NaN);
  }

  private byte[] garbage() {
    int length = 12 + random.nextInt(60);
    char[] chars = new char[length];
    chars[0] = GARBAGE_FIRST.charAt(random.nextInt(GARBAGE_FIRST.length()));
    for (int i = 1; i < length; i++) {
      chars[i] = GARBAGE.charAt(random.nextInt(GARBAGE.length()));
    }
    return new String(chars).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A structured-mode CloudEvent. {@code time} and {@code data} are raw JSON tokens; null leaves
   * the attribute out (for the malformed kinds).
   */
  private byte[] structured(
      String id, String source, String type, String time, String subject, String data) {
    StringBuilder sb = json;
    sb.setLength(0);
    sb.append("{\"specversion\":\"1.0\",\"id\":");
    appendString(sb, id);
    sb.append(",\"source\":");
    appendString(sb, source);
    sb.append(",\"type\":");
    appendString(sb, type);
    if (time != null) {
      sb.append(",\"time\":").append(time);
    }
    sb.append(",\"subject\":");
    appendString(sb, subject);
    sb.append(",\"datacontenttype\":\"application/json\"");
    if (data != null) {
      sb.append(",\"data\":").append(data);
    }
    sb.append('}');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  /** RFC 3339 in UTC with milliseconds, quoted; the date-to-minute part is cached. */
  private String quotedTime(long millis) {
    long minute = Math.floorDiv(millis, 60_000L);
    if (minute != cachedMinute) {
      cachedMinute = minute;
      minutePrefix = MINUTE.format(LocalDateTime.ofEpochSecond(minute * 60, 0, ZoneOffset.UTC));
    }
    int inMinute = (int) Math.floorMod(millis, 60_000L);
    int seconds = inMinute / 1000;
    int ms = inMinute % 1000;
    char[] tail = {
      (char) ('0' + seconds / 10),
      (char) ('0' + seconds % 10),
      '.',
      (char) ('0' + ms / 100),
      (char) ('0' + ms / 10 % 10),
      (char) ('0' + ms % 10),
      'Z',
      '"'
    };
    return "\"" + minutePrefix + new String(tail);
  }

  /** Box-Muller with StrictMath, so values are identical on every JVM. */
  private static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble(); // (0, 1]: log stays finite
    double u2 = r.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
  }

  /** Readings of one event type: base + device offset + daily cycle + noise, 2 decimals. */
  private record ValueModel(
      double base,
      double deviceSpread,
      double dailyAmplitude,
      double noise,
      double min,
      double max) {

    static ValueModel forType(String type) {
      String t = type.toLowerCase();
      if (t.contains("humid")) {
        return new ValueModel(45, 8, 10, 1.5, 0, 100);
      }
      if (t.contains("power") || t.contains("meter")) {
        return new ValueModel(1200, 300, 400, 50, 0, Double.MAX_VALUE);
      }
      if (t.contains("pressure")) {
        return new ValueModel(1013, 4, 2, 0.3, 900, 1100);
      }
      if (t.contains("temp") || t.equals("sensor.reading")) {
        return new ValueModel(20, 3, 4, 0.4, -40, 85);
      }
      return new ValueModel(100, 15, 10, 2, -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    double sample(SplittableRandom r, double offset, long eventTime) {
      // Peak mid-afternoon UTC, trough before dawn.
      double phase =
          2 * StrictMath.PI * (Math.floorMod(eventTime, DAY_MILLIS) / (double) DAY_MILLIS - 0.375);
      double v = base + offset + dailyAmplitude * StrictMath.sin(phase) + noise * gaussian(r);
      v = Math.min(max, Math.max(min, v));
      return Math.round(v * 100) / 100.0;
    }
  }
}
