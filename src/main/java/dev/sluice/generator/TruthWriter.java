package dev.sluice.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the truth file: one JSON line per anomaly, {@code
 * {"device","metric","kind","start","end"}} with RFC 3339 times, the format {@code evaluate iot}
 * reads.
 */
public final class TruthWriter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TruthWriter() {}

  public static void write(List<TruthAnomaly> truth, Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (TruthAnomaly a : truth) {
        ObjectNode line = JSON.createObjectNode();
        line.put("device", a.device());
        line.put("metric", a.metric());
        line.put("kind", a.kind().label());
        line.put("start", a.start().toString());
        line.put("end", a.end().toString());
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
      }
    }
  }
}
