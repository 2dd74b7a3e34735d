package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileBucketsTest {

  @TempDir Path dir;

  @Test
  void flinkTaskThreadsAreNamedByTheirChainAndTheJvmsOwnAreLeftOut() {
    assertEquals("Source: ReadEvents", ProfileBuckets.task("Source: ReadEvents (1/2)#0"));
    assertEquals("Window/Sum", ProfileBuckets.task("Window/Sum (2/2)"));
    assertNull(ProfileBuckets.task("C2 CompilerThread0"));
    assertNull(ProfileBuckets.task("main"));
  }

  /** A thread that only parses JSON, recorded by JFR here: its samples land in the JSON row. */
  @Test
  void aRecordedThreadParsingJsonIsCountedUnderJsonInItsOwnColumn() throws Exception {
    Path file = dir.resolve("parse.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
      recording.enable("jdk.GCHeapSummary");
      recording.start();
      Thread parser =
          new Thread(
              () -> {
                ObjectMapper json = new ObjectMapper();
                long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
                long fields = 0;
                while (System.nanoTime() < end) {
                  try {
                    JsonNode n = json.readTree("{\"id\":\"e1\",\"data\":{\"v\":[1,2,3,4,5,6]}}");
                    fields += n.size();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
                assertTrue(fields > 0);
              },
              "Source: Parse (1/2)#0");
      parser.start();
      parser.join();
      recording.stop();
      recording.dump(file);
    }
    String report = ProfileBuckets.report(List.of(file));
    assertTrue(report.contains("| Source: Parse |"), report);
    Matcher json =
        Pattern.compile("\\| JSON \\(parse CloudEvents, write results\\) \\| ([\\d,]+) \\|")
            .matcher(report);
    assertTrue(json.find(), report);
    assertTrue(Integer.parseInt(json.group(1).replace(",", "")) > 50, report);
    assertTrue(report.contains("parse.jfr: heap committed at most"), report);
  }
}
