package dev.sluice.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's label windows ({@code labels/combined_windows.json}: series file
 * -> list of [start, end] pairs) as truth of kind {@code labelled} for one loaded series.
 */
public final class NabLabels {

  /** NAB writes "2014-02-19 10:50:00.000000" in windows and "2014-02-19 10:50:00" in data, UTC. */
  private static final DateTimeFormatter NAB_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private NabLabels() {}

  public static Instant parseTime(String text) {
    return LocalDateTime.parse(text.trim(), NAB_TIME).toInstant(ZoneOffset.UTC);
  }

  public static List<TruthWindow> read(
      Path windowsFile, String seriesKey, String device, String metric) throws IOException {
    JsonNode all = new ObjectMapper().readTree(windowsFile.toFile());
    JsonNode windows = all.get(seriesKey);
    if (windows == null || !windows.isArray()) {
      throw new IOException(windowsFile + " has no windows for '" + seriesKey + "'");
    }
    List<TruthWindow> out = new ArrayList<>();
    for (JsonNode pair : windows) {
      out.add(
          new TruthWindow(
              device,
              metric,
              IotEvaluation.LABELLED,
              parseTime(pair.get(0).asText()),
              parseTime(pair.get(1).asText())));
    }
    return out;
  }
}
