package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobStoreTest {

  @TempDir Path dir;

  static StoredJob job(String name, String flinkJobId) {
    return new StoredJob(
        name,
        "windowed-aggregate",
        name + "-0badcafe",
        flinkJobId,
        "127.0.0.1:8081",
        Instant.parse("2025-01-02T03:04:05Z"),
        "",
        "",
        "",
        2,
        List.of("--inputTopic=events", "--kafkaProperty=sasl.jaas.config=a b;"));
  }

  @Test
  void roundTripsEveryField() {
    JobStore store = new JobStore(dir.resolve("jobs"));
    StoredJob saved =
        job("orders", "0123456789abcdef0123456789abcdef")
            .withSavepoint("file:/sp/savepoint-1")
            .withCheckpoint("file:/cp/chk-3");
    store.save(saved);
    assertEquals(saved, store.find("orders").orElseThrow());
    assertEquals(saved, store.findByFlinkJobId("0123456789abcdef0123456789abcdef").orElseThrow());
    assertTrue(store.find("other").isEmpty());
  }

  @Test
  void saveReplacesAndLeavesNoTemporaryFiles() throws IOException {
    JobStore store = new JobStore(dir);
    store.save(job("a", "11111111111111111111111111111111"));
    store.save(job("a", "22222222222222222222222222222222"));
    store.save(job("b", "33333333333333333333333333333333"));
    assertEquals("22222222222222222222222222222222", store.find("a").orElseThrow().flinkJobId());
    assertEquals(List.of("a", "b"), store.all().stream().map(StoredJob::name).toList());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of("a.properties", "b.properties"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  /** Files from before the parallelism was kept read as 0: unknown, not the default of 1. */
  @Test
  void aJobFileWithoutParallelismReadsAsUnknown() throws IOException {
    JobStore store = new JobStore(dir);
    store.save(job("old", "11111111111111111111111111111111"));
    Path file = dir.resolve("old.properties");
    List<String> lines = Files.readAllLines(file);
    assertTrue(lines.remove("parallelism=2"), lines.toString());
    Files.write(file, lines);
    assertEquals(0, store.find("old").orElseThrow().parallelism());
    assertEquals(2, job("new", "2").parallelism());
  }

  @Test
  void missingDirectoryIsAnEmptyStore() {
    assertTrue(new JobStore(dir.resolve("nothing-here")).all().isEmpty());
  }

  @Test
  void namesAreSafeFileNames() {
    assertEquals("windowed-aggregate_2.x", JobStore.checkName("windowed-aggregate_2.x"));
    for (String bad : new String[] {"", "../etc", "a/b", "-x", "with space", "x".repeat(101)}) {
      assertThrows(IllegalArgumentException.class, () -> JobStore.checkName(bad), bad);
    }
  }
}
