package dev.sluice.cli;

import static dev.sluice.cli.KafkaCliTest.sluice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.kafka.KafkaProperties;
import dev.sluice.testing.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --config FILE.yaml}: the file's options, the command line's flags winning. */
class ConfigFileTest {

  private static final String SECRET = "s3cret";

  @TempDir Path dir;

  private Path yaml(String text) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static List<String> added(String[] args, String[] expanded) {
    return List.of(expanded).subList(args.length, expanded.length);
  }

  @Test
  void theFilesOptionsFollowTheFlagsWhichWin() throws Exception {
    Path file =
        yaml(
            """
            inputTopic: [a, b]          # a list: one comma-joined flag
            outputTopic: results
            bounded: true
            window: 10s
            bootstrap-server: h:1       # Kafka's spelling, overridden below in Beam's
            kafkaProperty:
              acks: all
              linger.ms: 5
            """);
    String[] args = {
      "run",
      "windowed-aggregate",
      "--config",
      file.toString(),
      "--window=1m",
      "--bootstrapServers=h:2",
      "--kafkaProperty=acks=1"
    };
    assertEquals(
        List.of(
            "--inputTopic=a,b",
            "--outputTopic=results",
            "--bounded=true",
            "--kafkaProperty=linger.ms=5"),
        added(args, ConfigFile.expand(args)));
  }

  @Test
  void submitsOwnOptionsComeFromTheFileToo() throws Exception {
    Path file = yaml("jobName: orders\nparallelism: 3\ninputTopic: events\n");
    String[] expanded =
        ConfigFile.expand(
            new String[] {"submit", "windowed-aggregate", "--config=" + file, "--jobName=other"});
    SubmitCommand submit = new SubmitCommand();
    new CommandLine(submit)
        .parseArgs(List.of(expanded).subList(1, expanded.length).toArray(new String[0]));
    assertEquals("other", submit.jobName);
    assertEquals(3, submit.parallelism);
    assertEquals(List.of("--inputTopic=events"), submit.pipelineArgs);
  }

  @Test
  void withoutConfigTheCommandLineIsUntouched() {
    String[] args = {"run", "windowed-aggregate", "--inputTopic=x"};
    assertTrue(args == ConfigFile.expand(args));
  }

  @Test
  void anUnknownKeyIsRefusedNamingItAndTheFile() throws Exception {
    Path file = yaml("inputTopc: events\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ConfigFile.expand(
                    new String[] {"run", "windowed-aggregate", "--config", file.toString()}));
    assertTrue(e.getMessage().startsWith("config " + file + ": "), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith("windowed-aggregate has no option 'inputTopc'. Did you mean 'inputTopic'?"),
        e.getMessage());

    KafkaCliTest.Run run = sluice("audit", "windowed-aggregate", "--config", file.toString());
    assertEquals(2, run.code(), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains(file + ": ") && run.err().contains("inputTopc"), run.err());
  }

  @Test
  void malformedFilesAreRefusedNamingTheFile() throws Exception {
    for (String text :
        new String[] {
          "- a\n- b\n", "inputTopic: [a\n", "window:\n", "window: {a: {b: c}}\n", "--window: 1s\n"
        }) {
      Path file = yaml(text);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  ConfigFile.expand(
                      new String[] {"run", "windowed-aggregate", "--config", file.toString()}),
              text);
      assertTrue(e.getMessage().startsWith("config " + file), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
    KafkaCliTest.Run missing =
        sluice("run", "merge", "--config", dir.resolve("none.yaml").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("none.yaml does not exist"), missing.err());
  }

  /** A secret from the file is not in ps, so no warning; submit stores it hidden. */
  @Test
  void secretsFromTheFileAreHiddenLikeFlags() throws Exception {
    Path file =
        yaml("inputTopic: events\nkafkaProperty:\n  sasl.jaas.config: x password=\"s3cret\";\n");
    String[] args = {
      "submit",
      "windowed-aggregate",
      "--config",
      file.toString(),
      ClusterCliTest.NO_CLUSTER,
      "--stateDir=" + dir,
      "--jar=" + dir.resolve("missing.jar")
    };
    KafkaCliTest.Run run = sluice(args);
    assertEquals(1, run.code(), run.err());
    assertFalse(run.err().contains("visible to every user in ps"), run.err());
    assertFalse(run.err().contains(SECRET), run.err());
    assertTrue(
        run.err().contains("options from " + file + ": inputTopic, kafkaProperty"), run.err());

    SubmitCommand submit = new SubmitCommand();
    String[] expanded = ConfigFile.expand(args);
    new CommandLine(submit)
        .parseArgs(List.of(expanded).subList(1, expanded.length).toArray(new String[0]));
    // What submit stores and what run hands to Beam (the secret moves to an owner-only file).
    assertFalse(KafkaProperties.redactedArgs(submit.pipelineArgs).toString().contains(SECRET));
    assertFalse(PipelineArgs.secretsToFile(submit.pipelineArgs).toString().contains(SECRET));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    KafkaCliTest.Run readable = sluice(args);
    assertTrue(
        readable.err().contains("holds a secret Kafka property and others may read it"),
        readable.err());
  }

  @Test
  void theShippedExamplesAreValid() {
    for (String name : List.of("windowed-aggregate", "merge")) {
      String file = "pipelines/" + name + "/" + name + ".yaml";
      String[] args = {"run", name, "--config", file};
      List<String> added = added(args, ConfigFile.expand(args));
      assertTrue(added.stream().anyMatch(a -> a.startsWith("--inputTopic=")), added.toString());
    }
  }

  /** A real bounded run driven by a file; a flag replaces the file's unreachable broker. */
  @Test
  void aBoundedRunFromAConfigFile() throws Exception {
    String servers = SharedKafka.bootstrapServers();
    String input = SharedKafka.newTopic("config-events", 2);
    List<String> topics = new ArrayList<>();
    for (String t : List.of("results", "dead", "late")) {
      topics.add(SharedKafka.newTopic("config-" + t, 1));
    }
    KafkaCliTest.Run generated =
        sluice("generate", "--bootstrapServers=" + servers, "--topic=" + input, "--count=500");
    assertEquals(0, generated.code(), generated.err());
    Path file =
        yaml(
            String.join(
                "\n",
                "runner: DirectRunner",
                "bounded: true",
                "bootstrapServers: 127.0.0.1:1",
                "inputTopic: [" + input + "]",
                "outputTopic: " + topics.get(0),
                "deadLetterTopic: " + topics.get(1),
                "lateTopic: " + topics.get(2),
                "kafkaProperty:",
                "  ssl.keystore.password: " + SECRET,
                ""));
    KafkaCliTest.Run run =
        sluice(
            "run",
            "windowed-aggregate",
            "--config",
            file.toString(),
            "--bootstrapServers=" + servers);
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("records_read=500"), run.err());
    assertTrue(run.err().contains("-> every event accounted for"), run.err());
    assertTrue(run.err().contains("the command line overrides bootstrapServers"), run.err());
    assertFalse(run.err().contains(SECRET) || run.out().contains(SECRET), run.err());
    assertFalse(run.err().contains("visible to every user in ps"), run.err());
    try (Stream<Path> files = Files.walk(dir)) {
      assertEquals(
          List.of(file),
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
