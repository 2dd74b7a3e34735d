package dev.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Runs a contender's own main in this JVM and samples the JVM from inside: every half second a line
 * with heap, RSS, peak RSS, CPU time and what {@link PollProbe} saw, and one last line when the JVM
 * exits (normally or by SIGTERM). Usage: {@code -Dbench.stats=FILE Measured MAIN ARGS...}.
 *
 * <p>From inside because the numbers are exact at exit (the parent could only sample /proc until
 * the process disappears), and heap is only visible from inside.
 */
public final class Measured {

  /** Column names of the samples file, one line per sample. */
  public static final String HEADER =
      "t_ms heap_used heap_committed rss_kb peak_rss_kb cpu_ms first_records_ms records positions final first_records_cpu_ms";

  private Measured() {}

  public static void main(String[] args) throws Throwable {
    Path stats = Path.of(System.getProperty("bench.stats"));
    Files.writeString(stats, HEADER + "\n");
    Thread sampler = new Thread(() -> sampleForever(stats), "bench-sampler");
    sampler.setDaemon(true);
    sampler.start();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> append(stats, sample(true)), "bench-final-sample"));
    try {
      Class.forName(args[0])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void sampleForever(Path stats) {
    while (true) {
      append(stats, sample(false));
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  static String sample(boolean last) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    String positions =
        PollProbe.positions().entrySet().stream()
            .map(e -> e.getKey().topic() + ":" + e.getKey().partition() + "=" + e.getValue())
            .collect(Collectors.joining(","));
    return String.join(
        " ",
        Long.toString(System.currentTimeMillis()),
        Long.toString(heap.getUsed()),
        Long.toString(heap.getCommitted()),
        Long.toString(procStatusKb("VmRSS")),
        Long.toString(procStatusKb("VmHWM")),
        Long.toString(processCpuMillis()),
        Long.toString(PollProbe.firstRecordsMillis()),
        Long.toString(PollProbe.records()),
        positions.isEmpty() ? "-" : positions,
        last ? "final" : "-",
        Long.toString(PollProbe.firstRecordsCpuMillis()));
  }

  static long processCpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1_000_000;
  }

  private static long procStatusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // Not Linux: the figure is simply missing.
    }
    return -1;
  }

  private static synchronized void append(Path stats, String line) {
    try {
      Files.writeString(stats, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
