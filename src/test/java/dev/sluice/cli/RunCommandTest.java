package dev.sluice.cli;

import static dev.sluice.cli.KafkaCliTest.sluice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.SharedKafka;
import org.junit.jupiter.api.Test;

/** {@code sluice run}: operator mistakes fail in seconds; a run ends with its accounting line. */
class RunCommandTest {

  @Test
  void aMissingOutputTopicFailsBeforeTheJobStartsNamingTheTopicAndTheFix() {
    String servers = SharedKafka.bootstrapServers();
    String input = SharedKafka.newTopic("run-in", 1);
    String dead = SharedKafka.newTopic("run-dead", 1);
    long t0 = System.nanoTime();
    KafkaCliTest.Run run =
        sluice(
            "run",
            "windowed-aggregate",
            "--bootstrapServers=" + servers,
            "--inputTopic=" + input,
            "--outputTopic=no-such-results",
            "--deadLetterTopic=" + dead,
            "--lateTopic=no-such-late",
            "--bounded=true");
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(1, run.code(), run.err());
    String last = run.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(
        last.contains("topics no-such-late, no-such-results do not exist at " + servers), last);
    assertTrue(last.contains("'sluice topics create no-such-results --partitions N'"), last);
    assertTrue(seconds < 20, "took " + seconds + " s");
  }

  @Test
  void anUnreachableBrokerFailsInSecondsNamingTheAddress() {
    long t0 = System.nanoTime();
    KafkaCliTest.Run run =
        sluice(
            "run",
            "windowed-aggregate",
            "--bootstrapServers=127.0.0.1:1",
            "--inputTopic=a",
            "--outputTopic=b",
            "--deadLetterTopic=c",
            "--lateTopic=d");
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(1, run.code(), run.err());
    assertTrue(run.err().contains("no Kafka answers at 127.0.0.1:1"), run.err());
    assertTrue(seconds < 20, "took " + seconds + " s");
  }

  @Test
  void aBoundedRunOnDirectPrintsItsAccountingWithoutPerElementCheckWarnings() throws Exception {
    String servers = SharedKafka.bootstrapServers();
    String input = SharedKafka.newTopic("run-events", 2);
    String results = SharedKafka.newTopic("run-results", 1);
    String dead = SharedKafka.newTopic("run-dead", 1);
    String late = SharedKafka.newTopic("run-late", 1);
    int port = TopCommandKafkaTest.freePort();
    KafkaCliTest.Run generated =
        sluice("generate", "--bootstrapServers=" + servers, "--topic=" + input, "--count=2000");
    assertEquals(0, generated.code(), generated.err());
    KafkaCliTest.Run run =
        sluice(
            "run",
            "windowed-aggregate",
            "--runner=DirectRunner",
            "--bootstrapServers=" + servers,
            "--inputTopic=" + input,
            "--outputTopic=" + results,
            "--deadLetterTopic=" + dead,
            "--lateTopic=" + late,
            "--bounded=true",
            "--metricsPort=" + port);
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.err().contains("sluice: Prometheus metrics on http://127.0.0.1:" + port + "/metrics"),
        run.err());
    assertTrue(run.err().contains("records_read=2000"), run.err());
    assertTrue(run.err().contains("accounting: records_read 2000 = events_valid "), run.err());
    assertTrue(run.err().contains("-> every event accounted for"), run.err());
    assertTrue(run.err().contains("checks: DirectRunner's per-element"), run.err());
    assertFalse(run.err().contains("MutationDetector"), run.err());
  }

  @Test
  void metricsPortOnFlinkIsRefusedInOneLineNamingWhatToUse() {
    KafkaCliTest.Run run =
        sluice(
            "run",
            "windowed-aggregate",
            "--runner=FlinkRunner",
            "--metricsPort=9",
            "--bootstrapServers=127.0.0.1:1",
            "--inputTopic=a",
            "--outputTopic=b",
            "--deadLetterTopic=c",
            "--lateTopic=d");
    assertEquals(1, run.code(), run.err());
    String last = run.err().strip();
    assertEquals(1, last.lines().count(), last);
    assertTrue(last.startsWith("sluice run: --metricsPort works on the DirectRunner only"), last);
    assertTrue(last.contains("--runner=DirectRunner"), last);
  }
}
