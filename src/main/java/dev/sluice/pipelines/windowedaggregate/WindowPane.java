package dev.sluice.pipelines.windowedaggregate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.event.Rfc3339;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Where a result pane stands: its key, its window and its place among the window's panes. */
public interface WindowPane {

  JsonFactory JSON_FACTORY = new JsonFactory();

  String key();

  Instant windowStart();

  Instant windowEnd();

  String timing();

  long paneIndex();

  boolean isLast();

  /** A result's own fields, written between its window and its pane. */
  interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * A pane as JSON: key and window, then the result's own fields, then the pane. Written field by
   * field (no tree), since every pane of the job comes here.
   */
  static String toJson(WindowPane pane, Fields fields) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("key", pane.key());
      g.writeStringField("windowStart", Rfc3339.format(pane.windowStart().toEpochMilli()));
      g.writeStringField("windowEnd", Rfc3339.format(pane.windowEnd().toEpochMilli()));
      fields.write(g);
      g.writeStringField("timing", pane.timing());
      g.writeNumberField("paneIndex", pane.paneIndex());
      g.writeBooleanField("isLast", pane.isLast());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * A written pane's identity across runs of the same input: key, window, timing and pane index
   * (isLast depends on how the runner delivers a window's timers, so it is left out); the record's
   * bytes when they are no pane.
   */
  static byte[] identity(dev.sluice.event.RawRecord record) {
    try (com.fasterxml.jackson.core.JsonParser p = JSON_FACTORY.createParser(record.value())) {
      java.util.Map<String, String> fields = new java.util.HashMap<>();
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return record.value();
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (p.currentToken().isScalarValue()) {
          fields.put(name, p.getText());
        } else {
          p.skipChildren();
        }
      }
      String id =
          String.join(
              "|",
              String.valueOf(fields.get("key")),
              String.valueOf(fields.get("windowStart")),
              String.valueOf(fields.get("windowEnd")),
              String.valueOf(fields.get("timing")),
              String.valueOf(fields.get("paneIndex")));
      return fields.containsKey("paneIndex")
          ? id.getBytes(java.nio.charset.StandardCharsets.UTF_8)
          : record.value();
    } catch (IOException e) {
      return record.value();
    }
  }

  /** "key|windowStart|windowEnd" in epoch millis. */
  static String windowId(WindowPane r) {
    return r.key() + "|" + r.windowStart().toEpochMilli() + "|" + r.windowEnd().toEpochMilli();
  }

  /**
   * The final pane per "key|windowStart|windowEnd" (epoch millis), for every windowing: the highest
   * pane of each window, leaving out a session a later merge superseded (a result of the same key
   * whose window contains it). Equal-length windows never contain one another.
   */
  static <P extends WindowPane> Map<String, P> finalPanes(Iterable<P> panes) {
    return finalPanes(panes, Comparator.comparingLong(WindowPane::paneIndex));
  }

  /**
   * The same with {@code later} telling which of two panes of a window is the later one (e.g. the
   * larger count, for panes of runs that each started over; on a tie the first seen).
   */
  static <P extends WindowPane> Map<String, P> finalPanes(
      Iterable<P> panes, Comparator<? super P> later) {
    Map<String, P> last = new HashMap<>();
    Map<String, List<P>> byKey = new HashMap<>();
    for (P r : panes) {
      last.merge(windowId(r), r, (a, b) -> later.compare(a, b) >= 0 ? a : b);
    }
    last.values().forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
    Map<String, P> out = new TreeMap<>();
    for (List<P> ofKey : byKey.values()) {
      // By start, longest first: a window is superseded iff one seen before it reaches as far.
      ofKey.sort(
          Comparator.comparing((P r) -> r.windowStart())
              .thenComparing(r -> r.windowEnd(), Comparator.reverseOrder()));
      Instant reach = Instant.MIN;
      for (P r : ofKey) {
        if (r.windowEnd().isAfter(reach)) {
          out.put(windowId(r), r);
          reach = r.windowEnd();
        }
      }
    }
    return out;
  }
}
