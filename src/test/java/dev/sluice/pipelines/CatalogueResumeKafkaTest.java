package dev.sluice.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.cli.Sluice;
import dev.sluice.event.DeadLetterFormat;
import dev.sluice.kafka.SkipWritten;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.AuditReport;
import dev.sluice.kit.PipelineRun;
import dev.sluice.kit.RunSummary;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.testing.KilledRun;
import dev.sluice.testing.PipelineScenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every other catalogued pipeline, killed (SIGKILL) at its first written record and completed with
 * {@code --resume} on the DirectRunner: the resume leaves out exactly what the dead run wrote, and
 * the audit finds nothing lost or written twice. (windowed-aggregate: {@code ResumeKafkaTest},
 * which also compares with a clean run record for record.)
 */
class CatalogueResumeKafkaTest {

  @TempDir Path dir;

  static Stream<String> pipelines() {
    return Pipelines.all().keySet().stream().filter(n -> !n.equals("windowed-aggregate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void aKilledBoundedRunIsCompletedByResume(String name) throws Exception {
    PipelineScenario<?> s = new PipelineScenario<>(Pipelines.get(name), dir);
    s.produceWorkload(7);
    String run = "resume-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> args = new ArrayList<>(List.of("run", name));
    args.addAll(s.args());
    args.addAll(List.of("--runner=DirectRunner", "--bounded=true", "--runId=" + run));
    List<String> written = writtenTopics(s);
    KilledRun.killAtFirstRecord(Sluice.class.getName(), args, written);
    long left = records(s, written).size();
    assertTrue(left > 0, "the killed run wrote nothing");

    RunSummary resumed = s.runBounded("--runner=DirectRunner", "--resume=" + run);
    assertTrue(resumed.succeeded(), resumed.format());
    assertEquals(left, resumed.counter(SkipWritten.ALREADY_WRITTEN), resumed.format());
    AuditReport audit = s.audit();
    assertTrue(audit.clean(), audit.format());
    assertTrue(audit.checked() > 0, audit.format());
    Map<String, Integer> deadLetters = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> d :
        TopicSnapshot.readAllBytes(s.bootstrap(), s.options().getDeadLetterTopic())) {
      String origin =
          header(d, DeadLetterFormat.TOPIC)
              + "/"
              + header(d, DeadLetterFormat.PARTITION)
              + "/"
              + header(d, DeadLetterFormat.OFFSET)
              + " "
              + header(d, DeadLetterFormat.STAGE);
      deadLetters.merge(origin, 1, Integer::sum);
    }
    assertTrue(!deadLetters.isEmpty(), "the workload has bad records");
    deadLetters.forEach((origin, n) -> assertEquals(1, n, "dead letters of " + origin));
    System.err.printf(
        "%s: the killed run left %d records; the resume left them out and wrote the rest%n",
        name, left);
  }

  private static <O extends SluiceOptions> List<String> writtenTopics(PipelineScenario<O> s) {
    return PipelineRun.writtenTopics(s.spec(), s.options());
  }

  private static List<ConsumerRecord<byte[], byte[]>> records(
      PipelineScenario<?> s, List<String> topics) {
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    topics.forEach(t -> all.addAll(TopicSnapshot.readAllBytes(s.bootstrap(), t)));
    return all;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
