package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a Sluice job's CPU goes, from a JFR recording ({@code scripts/bench --jfr}): each execution
 * sample counted once, in the bucket of the frame nearest the top of its stack that names one (JDK
 * frames pass to their caller), split by the thread's task (Flink names threads after the chain
 * they run). The JVM's own threads (main, JIT, GC) are left out.
 *
 * <p>{@code scripts/bench --profile FILE.jfr [FILE.jfr ...]}
 */
final class ProfileBuckets {

  /**
   * A bucket and its frames: class-name prefixes, or {@code #method} for a method of that name in
   * any class; the first bucket that matches wins.
   */
  private record Bucket(String name, List<String> prefixes) {
    boolean holds(String className, String method) {
      for (String p : prefixes) {
        if (p.startsWith("#") ? method.equals(p.substring(1)) : className.startsWith(p)) {
          return true;
        }
      }
      return false;
    }
  }

  // Ordered: metrics and timers live inside the runner's packages, so they are asked first.
  private static final List<Bucket> BUCKETS =
      List.of(
          new Bucket(
              "Beam metrics",
              List.of(
                  "org.apache.beam.runners.flink.metrics.",
                  "org.apache.beam.runners.core.metrics.",
                  "org.apache.beam.sdk.metrics.",
                  "org.apache.beam.runners.flink.translation.wrappers.streaming.DoFnRunnerWithMetricsUpdate")),
          new Bucket(
              "Flink and Beam timers (outside state)",
              List.of(
                  "org.apache.flink.streaming.api.operators.InternalTimer",
                  "org.apache.flink.streaming.api.operators.TimerHeap",
                  "org.apache.flink.streaming.api.operators.HeapPriorityQueue",
                  "org.apache.beam.runners.core.InMemoryTimerInternals",
                  "org.apache.beam.runners.core.TimerInternals")),
          new Bucket(
              "Flink keyed state",
              List.of(
                  "org.apache.flink.runtime.state.",
                  "org.apache.flink.contrib.streaming.state.",
                  "org.rocksdb.")),
          new Bucket(
              "coders and element copies",
              List.of(
                  "org.apache.beam.sdk.coders.",
                  "org.apache.beam.runners.flink.translation.types.",
                  "org.apache.flink.api.common.typeutils.",
                  "org.apache.flink.core.memory.")),
          // Sluice's parser walks Jackson's tree (its frames are on top while it reads nodes), and
          // each result writes itself.
          new Bucket(
              "JSON (parse CloudEvents, write results)",
              List.of("com.fasterxml.jackson.", "dev.sluice.event.EventParser", "#toJson")),
          new Bucket("Kafka producer", List.of("org.apache.kafka.clients.producer.")),
          new Bucket("Kafka consumer", List.of("org.apache.kafka.")),
          new Bucket("Sluice's own steps", List.of("dev.sluice.")),
          new Bucket("Beam runner glue", List.of("org.apache.beam.", "net.bytebuddy.")),
          new Bucket("Flink network, task loop, other", List.of("org.apache.flink.")));

  private static final String OTHER = "JDK only (no bucket on the stack)";

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: scripts/bench --profile FILE.jfr [FILE.jfr ...]");
      System.exit(2);
    }
    List<Path> files = new ArrayList<>();
    for (String a : args) {
      files.add(Path.of(a));
    }
    System.out.print(report(files));
  }

  /** The bucket table of all {@code files} together, then each file's memory line. */
  static String report(List<Path> files) throws IOException {
    Map<String, Map<String, Integer>> byBucket = new LinkedHashMap<>();
    for (Bucket b : BUCKETS) {
      byBucket.put(b.name(), new TreeMap<>());
    }
    byBucket.put(OTHER, new TreeMap<>());
    Map<String, Integer> threads = new TreeMap<>();
    int total = 0;
    StringBuilder memory = new StringBuilder();
    for (Path file : files) {
      Memory m = new Memory();
      for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
        m.add(e);
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        String thread = task(e.getThread("sampledThread").getJavaName());
        if (thread == null) {
          continue;
        }
        String bucket = bucket(e.getStackTrace());
        byBucket.get(bucket).merge(thread, 1, Integer::sum);
        threads.merge(thread, 1, Integer::sum);
        total++;
      }
      memory.append(file.getFileName()).append(": ").append(m).append('\n');
    }
    return table(byBucket, threads, total) + "\n" + memory;
  }

  /**
   * What a JVM's memory did over a recording: the heap the collector kept committed against what
   * survived a collection (the live set), the class metadata, and how much was allocated.
   */
  static final class Memory {
    private long heapCommitted;
    private long liveAfterGc;
    private long metaspace;
    private long gcCpuNanos;
    private long allocated;

    void add(RecordedEvent e) {
      switch (e.getEventType().getName()) {
        case "jdk.GCHeapSummary" -> {
          heapCommitted = Math.max(heapCommitted, e.getLong("heapSpace.committedSize"));
          if ("After GC".equals(e.getString("when"))) {
            liveAfterGc = Math.max(liveAfterGc, e.getLong("heapUsed"));
          }
        }
        case "jdk.MetaspaceSummary" ->
            metaspace = Math.max(metaspace, e.getLong("metaspace.committed"));
        case "jdk.GCCPUTime" -> gcCpuNanos += e.getLong("userTime") + e.getLong("systemTime");
        // Each sample weighs the bytes its thread allocated since its previous one: their sum
        // estimates the total (the per-thread statistics miss threads gone before the end).
        case "jdk.ObjectAllocationSample" -> allocated += e.getLong("weight");
        default -> {}
      }
    }

    @Override
    public String toString() {
      return String.format(
          "heap committed at most %.2f GB, at most %.2f GB left after a collection (the live"
              + " set), metaspace %.0f MB; about %.1f GB allocated; GC CPU %.1f s",
          heapCommitted / 1e9,
          liveAfterGc / 1e9,
          metaspace / 1e6,
          allocated / 1e9,
          gcCpuNanos / 1e9);
    }
  }

  /** A thread's task: Flink's "Source: X (1/2)#0" becomes "Source: X"; JVM threads are null. */
  static String task(String javaName) {
    if (javaName == null
        || javaName.equals("main")
        || javaName.startsWith("C1 ")
        || javaName.startsWith("C2 ")
        || javaName.startsWith("GC ")
        || javaName.startsWith("G1 ")) {
      return null;
    }
    String name = javaName.replaceAll(" \\(\\d+/\\d+\\)(#\\d+)?$", "");
    return name.length() > 60 ? name.substring(0, 57) + "..." : name;
  }

  static String bucket(RecordedStackTrace stack) {
    if (stack == null) {
      return OTHER;
    }
    for (RecordedFrame f : stack.getFrames()) {
      if (!f.isJavaFrame() || f.getMethod() == null) {
        continue;
      }
      String className = f.getMethod().getType().getName();
      for (Bucket b : BUCKETS) {
        if (b.holds(className, f.getMethod().getName())) {
          return b.name();
        }
      }
    }
    return OTHER;
  }

  /** Buckets by share, with a column for each of the busiest three tasks and one for the rest. */
  static String table(
      Map<String, Map<String, Integer>> byBucket, Map<String, Integer> threads, int total) {
    List<String> top = new ArrayList<>(threads.keySet());
    top.sort((a, b) -> threads.get(b) - threads.get(a));
    top = top.subList(0, Math.min(3, top.size()));
    StringBuilder out = new StringBuilder();
    out.append(String.format("%,d processing samples%n%n", total));
    out.append("| where | samples | share |");
    top.forEach(t -> out.append(' ').append(t.replace("|", "/")).append(" |"));
    out.append(" other threads |\n|---|---|---|");
    top.forEach(t -> out.append("---|"));
    out.append("---|\n");
    List<String> names = new ArrayList<>(byBucket.keySet());
    names.sort((a, b) -> sum(byBucket.get(b)) - sum(byBucket.get(a)));
    for (String name : names) {
      Map<String, Integer> row = byBucket.get(name);
      int n = sum(row);
      if (n == 0) {
        continue;
      }
      out.append(String.format("| %s | %,d | %.0f%% |", name, n, 100.0 * n / total));
      int shown = 0;
      for (String t : top) {
        int c = row.getOrDefault(t, 0);
        shown += c;
        out.append(' ').append(c).append(" |");
      }
      out.append(' ').append(n - shown).append(" |\n");
    }
    return out.toString();
  }

  private static int sum(Map<String, Integer> row) {
    return row.values().stream().mapToInt(Integer::intValue).sum();
  }
}
