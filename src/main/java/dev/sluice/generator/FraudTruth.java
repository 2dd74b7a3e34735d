package dev.sluice.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One fraudulent payment of the payments scenario; the truth file holds one JSON line each, {@code
 * {"payment","card","time","pattern"}}, the format {@code evaluate payments} reads.
 */
public record FraudTruth(String payment, String card, Instant time, FraudPattern pattern) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void write(List<FraudTruth> truth, Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (FraudTruth t : truth) {
        ObjectNode line = JSON.createObjectNode();
        line.put("payment", t.payment());
        line.put("card", t.card());
        line.put("time", t.time().toString());
        line.put("pattern", t.pattern().label());
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
      }
    }
  }
}
