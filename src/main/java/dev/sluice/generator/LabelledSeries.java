package dev.sluice.generator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * A real series in the Numenta Anomaly Benchmark's CSV format (header {@code timestamp,value},
 * times like {@code 2014-04-01 00:00:00} in UTC) turned into the {@code sensor.reading} CloudEvents
 * of the IoT scenario: one device, one metric, in file order, no defects added. Its labels are the
 * truth ({@code evaluate iot --nabWindows}).
 */
public final class LabelledSeries {

  private static final DateTimeFormatter NAB_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private LabelledSeries() {}

  /**
   * @param site the {@code site} attribute of every event
   * @param idPrefix prefix of the event ids; the row number follows
   * @throws IOException if the file cannot be read or a row is not {@code timestamp,value}
   */
  public static List<GeneratedRecord> read(
      Path csv, String device, String metric, String site, String idPrefix) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).trim().replace("\"", "").equals("timestamp,value")) {
      throw new IOException(csv + ": expected the NAB header 'timestamp,value'");
    }
    String source = "/nab/" + site;
    List<GeneratedRecord> out = new ArrayList<>(lines.size());
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      int comma = line.indexOf(',');
      Instant time;
      double value;
      try {
        time = LocalDateTime.parse(line.substring(0, comma), NAB_TIME).toInstant(ZoneOffset.UTC);
        value = Double.parseDouble(line.substring(comma + 1));
      } catch (RuntimeException e) {
        throw new IOException(csv + " line " + (i + 1) + ": not timestamp,value: " + line, e);
      }
      String id = idPrefix + i;
      String event =
          "{\"specversion\":\"1.0\",\"id\":\""
              + id
              + "\",\"source\":\""
              + source
              + "\",\"type\":\"sensor.reading\",\"time\":\""
              + time
              + "\",\"subject\":\""
              + device
              + "\",\"site\":\""
              + site
              + "\",\"datacontenttype\":\"application/json\",\"data\":{\""
              + metric
              + "\":"
              + value
              + "}}";
      out.add(
          new GeneratedRecord(
              device,
              event.getBytes(StandardCharsets.UTF_8),
              List.of(EventGenerator.STRUCTURED_CONTENT_TYPE),
              RecordKind.ON_TIME,
              false,
              time,
              source,
              id,
              value));
    }
    return out;
  }
}
