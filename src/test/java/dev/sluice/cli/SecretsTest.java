package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.cluster.JobStore;
import dev.sluice.cluster.StoredJob;
import dev.sluice.kafka.KafkaProperties;
import dev.sluice.kit.Ingest;
import dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline;
import dev.sluice.testing.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "s3cret" must appear in no output, log, stored job file or pipeline description. */
class SecretsTest {

  private static final String SECRET = "s3cret";

  @TempDir Path dir;

  private Path clientProperties() throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file,
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"u\" password=\"s3cret\";\nssl.key.password=s3cret\n");
    return file;
  }

  /** Options and every transform's display data (runner UIs, debug logs) hold no secret. */
  @Test
  void theBuiltPipelineDescribesNoSecret() throws Exception {
    String file = clientProperties().toString();
    WindowedAggregatePipeline.Options options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--bootstrapServers=127.0.0.1:1",
                "--inputTopic=events",
                "--outputTopic=results",
                "--deadLetterTopic=dead",
                "--lateTopic=late",
                "--kafkaPropertiesFile=" + file)
            .as(WindowedAggregatePipeline.Options.class);
    assertTrue(Ingest.kafkaProperties(options).get("sasl.jaas.config").toString().contains(SECRET));
    Pipeline pipeline = WindowedAggregatePipeline.build(options);
    List<String> described = new ArrayList<>();
    described.add(options.toString());
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            described.add(DisplayData.from(node.getTransform()).toString());
          }

          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() != null) {
              described.add(DisplayData.from(node.getTransform()).toString());
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    assertTrue(String.join("\n", described).contains("bootstrap"), "display data was read");
    for (String d : described) {
      assertFalse(d.contains(SECRET), d);
    }
  }

  /** submit stores arguments without secrets, owner-only; cancel's resume hint shows none. */
  @Test
  void storedJobsAndResumeHintsHoldNoSecret() throws Exception {
    List<String> args =
        List.of(
            "--inputTopic=events",
            "--kafkaProperty=sasl.jaas.config=x password=\"s3cret\";",
            "--kafkaProperty=ssl.key.password=s3cret");
    JobStore store = new JobStore(dir.resolve("state").resolve("jobs"));
    StoredJob job =
        new StoredJob(
            "orders",
            "windowed-aggregate",
            "orders-0badcafe",
            "0123",
            "127.0.0.1:8081",
            Instant.EPOCH,
            "",
            "",
            "",
            1,
            KafkaProperties.redactedArgs(args));
    store.save(job);
    Path saved = store.dir().resolve("orders.properties");
    assertFalse(Files.readString(saved).contains(SECRET));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)));
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.dir())));

    // A job file from before secrets were hidden: the hint still shows none.
    StoredJob old =
        new StoredJob(
            "old", "windowed-aggregate", "old-1", "1", "m", Instant.EPOCH, "", "", "", 0, args);
    String hint = ResumeHint.command(old, "file:/cp/chk-1");
    assertFalse(hint.contains(SECRET), hint);
    assertTrue(hint.contains("'--kafkaProperty=sasl.jaas.config=[hidden]'"), hint);
    assertTrue(hint.contains("# secrets were not stored"), hint);
  }

  /** Every CLI command that talks to Kafka takes the file too; its flags win. */
  @Test
  void theCliReadsAPropertiesFile() throws Exception {
    KafkaConnection kafka = new KafkaConnection();
    kafka.propertiesFile = clientProperties().toString();
    kafka.bootstrapServers = "h:1";
    kafka.properties.put("ssl.key.password", "other");
    var props = kafka.clientProperties();
    assertTrue(props.get("sasl.jaas.config").toString().contains(SECRET));
    assertEquals("other", props.get("ssl.key.password"));
    assertEquals("h:1", props.get("bootstrap.servers"));
  }

  /** A real bounded run with secrets in the file and on the command line prints none of them. */
  @Test
  void aRunPrintsNoSecret() throws Exception {
    String servers = SharedKafka.bootstrapServers();
    String in = SharedKafka.newTopic("secrets-in", 1);
    List<String> topics = new ArrayList<>();
    for (String t : List.of("results", "dead", "late")) {
      topics.add(SharedKafka.newTopic("secrets-" + t, 1));
    }
    Path events = dir.resolve("events.txt");
    Files.write(events, List.of("{not json", "also not json"));
    assertEquals(
        0,
        KafkaCliTest.sluice(
                "produce", in, "--file", events.toString(), "--bootstrapServers", servers)
            .code());
    KafkaCliTest.Run run =
        KafkaCliTest.sluice(
            "run",
            "windowed-aggregate",
            "--runner=DirectRunner",
            "--bounded=true",
            "--bootstrapServers=" + servers,
            "--inputTopic=" + in,
            "--outputTopic=" + topics.get(0),
            "--deadLetterTopic=" + topics.get(1),
            "--lateTopic=" + topics.get(2),
            "--kafkaPropertiesFile=" + clientProperties(),
            "--kafkaProperty=ssl.keystore.password=s3cret");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("events_invalid=2"), run.err());
    assertTrue(run.err().contains("visible to every user in ps"), run.err());
    assertFalse(run.out().contains(SECRET), run.out());
    assertFalse(run.err().contains(SECRET), run.err());
    try (Stream<Path> files = Files.walk(dir)) {
      // Only the client properties file itself holds it.
      assertEquals(
          List.of(dir.resolve("client.properties")),
          files.filter(Files::isRegularFile).filter(f -> read(f).contains(SECRET)).toList());
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (Exception e) {
      return "";
    }
  }
}
