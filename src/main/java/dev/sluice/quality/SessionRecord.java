package dev.sluice.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One session: as the pipeline wrote it (a pane of it) or as recomputed from the truth.
 *
 * @param endMillis last event time plus the session gap (exclusive, like Beam's window end)
 * @param revenueCents sum of purchase prices, in whole cents so that sums compare exactly
 * @param pane the pane index, -1 when recomputed or when the record gives none
 */
public record SessionRecord(
    String user,
    long startMillis,
    long endMillis,
    long events,
    long pageViews,
    long distinctProducts,
    long revenueCents,
    boolean converted,
    long pane) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code {"user","sessionStart","sessionEnd","events",...,"pane"}}. */
  public static SessionRecord parse(String json) {
    JsonNode j = read(json);
    return new SessionRecord(
        j.path("user").asText(),
        Instant.parse(j.path("sessionStart").asText()).toEpochMilli(),
        Instant.parse(j.path("sessionEnd").asText()).toEpochMilli(),
        j.path("events").asLong(),
        j.path("pageViews").asLong(),
        j.path("distinctProducts").asLong(),
        cents(j.path("revenue").asDouble()),
        j.path("converted").asBoolean(),
        pane(j.path("pane")));
  }

  /** The pane's index: a number, a numeric string, or an object with an {@code index}. */
  private static long pane(JsonNode pane) {
    if (pane.isObject()) {
      pane = pane.path("index");
    }
    if (pane.isNumber()) {
      return pane.asLong();
    }
    return pane.isTextual() && pane.asText().matches("\\d+") ? Long.parseLong(pane.asText()) : -1;
  }

  static long cents(double amount) {
    return Double.isNaN(amount) ? 0 : Math.round(amount * 100);
  }

  /** Whether this session's [start, end) lies within another's. */
  boolean within(SessionRecord other) {
    return other.startMillis <= startMillis && endMillis <= other.endMillis;
  }

  boolean sameWindow(SessionRecord other) {
    return startMillis == other.startMillis && endMillis == other.endMillis;
  }

  /** Everything but the pane: what must agree between expected and written. */
  boolean sameFigures(SessionRecord o) {
    return sameWindow(o)
        && events == o.events
        && pageViews == o.pageViews
        && distinctProducts == o.distinctProducts
        && revenueCents == o.revenueCents
        && converted == o.converted;
  }

  @Override
  public String toString() {
    return String.format(
        "session [%s, %s) events=%d pageViews=%d products=%d revenue=%d.%02d converted=%s",
        Instant.ofEpochMilli(startMillis),
        Instant.ofEpochMilli(endMillis),
        events,
        pageViews,
        distinctProducts,
        revenueCents / 100,
        revenueCents % 100,
        converted);
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }
}
