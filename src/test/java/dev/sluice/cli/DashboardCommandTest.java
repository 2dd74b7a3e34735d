package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.SharedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code sluice dashboard}: operator mistakes fail in one line; a run ends with its summary. */
class DashboardCommandTest {

  private record Result(int exit, String out, String err) {}

  private static Result dashboard(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      exit = Sluice.execute(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aDeadBrokerFailsInOneLineNamingTheFix() {
    long start = System.nanoTime();
    Result r =
        dashboard(
            "dashboard",
            "windowed-aggregate",
            "--bootstrapServers=127.0.0.1:1",
            "--inputTopic=in",
            "--deadLetterTopic=dead",
            "--outputTopic=out",
            "--port=0");
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.err().startsWith("sluice dashboard: no Kafka answers at 127.0.0.1:1"), r.err());
    assertTrue(r.err().contains("sluice kafka status"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue((System.nanoTime() - start) / 1e9 < 15, "took too long to fail");
  }

  @Test
  void servesUntilStoppedAndEndsWithASummary() {
    String topic = SharedKafka.newTopic("dashboard-cli-results", 1);
    Result r =
        dashboard(
            "dashboard",
            "windowed-aggregate",
            "--bootstrapServers=" + SharedKafka.bootstrapServers(),
            "--inputTopic=in",
            "--deadLetterTopic=dead",
            "--outputTopic=" + topic,
            "--port=0",
            "--stopAfter=2s");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().startsWith("dashboard: http://127.0.0.1:"), r.out());
    assertTrue(r.out().contains("(3 charts; stops after 2s)"), r.out());
    assertTrue(r.out().contains("dashboard stopped after 2s: 0 results read"), r.out());
  }
}
