package dev.sluice.pipelines.iottelemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.ParseResult;
import dev.sluice.kafka.KafkaRecords;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.time.EventWindows;
import dev.sluice.time.SettlingClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Checks what an iot-telemetry job committed against its input, recomputed here in plain Java with
 * the job's own {@link MetricDetector}: the admitted readings of each series in event-time order
 * raise exactly the alerts the job wrote, once each, and every admitted reading is scored once.
 *
 * <p>The late topic is taken as the job's claim of which readings came too late (that depends on
 * arrival order). Only what is final by the input's own watermark is judged (see {@link
 * SettlingClock}); a silence after a series' last reading is never judged, because it depends on
 * how far the job's clock got and a bounded run does not raise it at all.
 */
public final class IotTelemetryAudit {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventParser parser;
  private final SensorMetrics metrics;
  private final DetectorSettings settings;
  private final EventWindows windows;
  private final long maxOutOfOrdernessMillis;

  public IotTelemetryAudit(
      EventParser parser,
      SensorMetrics metrics,
      DetectorSettings settings,
      EventWindows windows,
      long maxOutOfOrdernessMillis) {
    this.parser = parser.requiring(metrics);
    this.metrics = metrics;
    this.settings = settings;
    this.windows = windows;
    this.maxOutOfOrdernessMillis = maxOutOfOrdernessMillis;
  }

  /** The topics the job used, read to their ends (read_committed). */
  public record Topics(
      String bootstrap,
      List<String> input,
      String alerts,
      String scores,
      String deadLetters,
      String late) {}

  public IotTelemetryReport run(Topics t) {
    List<ConsumerRecord<byte[], byte[]>> input = new ArrayList<>();
    for (String topic : t.input()) {
      input.addAll(TopicSnapshot.readAllBytes(t.bootstrap(), topic));
    }
    return audit(
        input,
        TopicSnapshot.values(t.bootstrap(), t.alerts()),
        t.scores().isBlank() ? null : TopicSnapshot.values(t.bootstrap(), t.scores()),
        TopicSnapshot.readAllBytes(t.bootstrap(), t.deadLetters()).size(),
        t.late().isBlank() ? List.of() : TopicSnapshot.readAll(t.bootstrap(), t.late()));
  }

  IotTelemetryReport audit(
      List<ConsumerRecord<byte[], byte[]>> input,
      List<String> alertJson,
      List<String> scoreJson,
      long deadLetters,
      List<ConsumerRecord<String, String>> late) {
    Set<String> lateOrigins = new HashSet<>();
    for (ConsumerRecord<String, String> r : late) {
      Header h = r.headers().lastHeader(LateEvent.ORIGIN_HEADER);
      if (h != null) {
        String[] o = new String(h.value(), StandardCharsets.UTF_8).split("/");
        lateOrigins.add(o[o.length - 3] + "/" + o[o.length - 2] + "/" + o[o.length - 1]);
      }
    }
    long invalid = 0;
    Map<String, Long> maxTime = new HashMap<>();
    Set<String> identities = new HashSet<>();
    Map<String, List<MetricReading>> series = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : input) {
      ParseResult parsed = parser.parse(KafkaRecords.toRaw(r));
      if (!parsed.isValid()) {
        invalid++;
        continue;
      }
      Event e = parsed.event();
      maxTime.merge(r.topic() + "/" + r.partition(), e.eventTimeMillis(), Math::max);
      if (lateOrigins.contains(r.topic() + "/" + r.partition() + "/" + r.offset())
          || !identities.add(e.identity())) {
        continue;
      }
      for (MetricReading m : metrics.readings(e)) {
        series.computeIfAbsent(m.seriesKey(), k -> new ArrayList<>()).add(m);
      }
    }
    long horizon =
        maxTime.values().stream().mapToLong(Long::longValue).min().orElse(Long.MIN_VALUE / 2)
            - maxOutOfOrdernessMillis;

    SettlingClock timing = new SettlingClock(windows);
    Map<String, Boolean> expected = new HashMap<>(); // identity -> judged
    // Per (device, metric, time, value): two distinct events may share them, so counts, not sets.
    Map<String, Integer> expectedScores = new HashMap<>();
    Map<String, Integer> admittedScores = new HashMap<>();
    IotModel model = new IotModel(settings);
    long[] counts = new long[2]; // readings, judged readings
    for (Map.Entry<String, List<MetricReading>> entry : series.entrySet()) {
      model.replay(
          entry.getKey(),
          entry.getValue(),
          new IotModel.Visitor() {
            @Override
            public void scored(MetricReading r, double score, Alert silence, Alert alert) {
              counts[0]++;
              boolean judged = timing.settledAt(r.time()) <= horizon;
              if (silence != null) {
                expected.put(silence.identity(), judged);
              }
              String identity = scoreIdentity(r.device(), r.metric(), r.time(), r.value());
              admittedScores.merge(identity, 1, Integer::sum);
              if (alert != null) {
                expected.put(alert.identity(), judged);
              }
              if (judged) {
                counts[1]++;
                expectedScores.merge(identity, 1, Integer::sum);
              }
            }

            @Override
            public void trailing(Alert silence) {
              expected.put(silence.identity(), false);
            }
          });
    }
    long readings = counts[0];
    long judgedReadings = counts[1];

    Map<String, Integer> written = new HashMap<>();
    for (String json : alertJson) {
      written.merge(alertIdentity(json), 1, Integer::sum);
    }
    long checked = 0, open = 0, lost = 0, unexpected = 0;
    for (Map.Entry<String, Boolean> e : expected.entrySet()) {
      if (e.getValue()) {
        checked++;
        lost += written.containsKey(e.getKey()) ? 0 : 1;
      } else {
        open++;
      }
    }
    for (String identity : written.keySet()) {
      if (!expected.containsKey(identity)) {
        long time = Long.parseLong(identity.split("\\|")[2]);
        if (timing.settledAt(time) <= horizon) {
          unexpected++;
        } else {
          open++;
        }
      }
    }
    long repeated = written.values().stream().mapToLong(n -> n - 1).sum();
    long scoresLost = 0, scoresRepeated = 0;
    if (scoreJson != null) {
      Map<String, Integer> scored = new HashMap<>();
      for (String json : scoreJson) {
        JsonNode n = parse(json);
        scored.merge(
            scoreIdentity(
                n.path("device").asText(),
                n.path("metric").asText(),
                Instant.parse(n.path("time").asText()).toEpochMilli(),
                n.path("value").asDouble()),
            1,
            Integer::sum);
      }
      for (Map.Entry<String, Integer> e : expectedScores.entrySet()) {
        int n = scored.getOrDefault(e.getKey(), 0);
        scoresLost += Math.max(0, e.getValue() - n);
      }
      for (Map.Entry<String, Integer> e : scored.entrySet()) {
        scoresRepeated += Math.max(0, e.getValue() - admittedScores.getOrDefault(e.getKey(), 0));
      }
    }
    return new IotTelemetryReport(
        input.size(),
        invalid,
        deadLetters,
        readings,
        judgedReadings,
        checked,
        open,
        lost,
        repeated,
        unexpected,
        scoresLost,
        scoresRepeated);
  }

  private static String scoreIdentity(String device, String metric, long time, double value) {
    return device + "|" + metric + "|" + time + "|" + value;
  }

  private static String alertIdentity(String json) {
    JsonNode n = parse(json);
    return n.path("device").asText()
        + "|"
        + n.path("metric").asText()
        + "|"
        + Instant.parse(n.path("time").asText()).toEpochMilli()
        + "|"
        + n.path("reason").asText();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }
}
