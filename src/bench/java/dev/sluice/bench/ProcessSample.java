package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One line of a {@link Measured} samples file. */
public record ProcessSample(
    long timeMillis,
    long heapUsed,
    long heapCommitted,
    long rssKb,
    long peakRssKb,
    long cpuMillis,
    long firstRecordsMillis,
    long records,
    Map<String, Long> positions,
    boolean last,
    long firstRecordsCpuMillis) {

  /** CPU time from the first records polled to this sample: the processing, without start-up. */
  public long processingCpuMillis() {
    return firstRecordsCpuMillis == 0 ? cpuMillis : cpuMillis - firstRecordsCpuMillis;
  }

  static ProcessSample parse(String line) {
    String[] f = line.trim().split(" ");
    Map<String, Long> positions = new LinkedHashMap<>();
    if (!f[8].equals("-")) {
      for (String p : f[8].split(",")) {
        int eq = p.lastIndexOf('=');
        positions.put(p.substring(0, eq), Long.parseLong(p.substring(eq + 1)));
      }
    }
    return new ProcessSample(
        Long.parseLong(f[0]),
        Long.parseLong(f[1]),
        Long.parseLong(f[2]),
        Long.parseLong(f[3]),
        Long.parseLong(f[4]),
        Long.parseLong(f[5]),
        Long.parseLong(f[6]),
        Long.parseLong(f[7]),
        positions,
        f[9].equals("final"),
        Long.parseLong(f[10]));
  }

  /** Every complete sample in the file so far (a line being written is skipped). */
  public static List<ProcessSample> readAll(Path file) {
    List<ProcessSample> samples = new ArrayList<>();
    try {
      if (!Files.exists(file)) {
        return samples;
      }
      List<String> lines = Files.readAllLines(file);
      for (int i = 1; i < lines.size(); i++) {
        try {
          samples.add(parse(lines.get(i)));
        } catch (RuntimeException partial) {
          // The last line may still be half written.
        }
      }
    } catch (IOException e) {
      // Not there yet.
    }
    return samples;
  }

  /** The newest sample, or null. */
  public static ProcessSample latest(Path file) {
    List<ProcessSample> all = readAll(file);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** Sum of fetch positions of one topic's partitions. */
  public long position(String topic) {
    long sum = 0;
    for (Map.Entry<String, Long> e : positions.entrySet()) {
      if (e.getKey().substring(0, e.getKey().lastIndexOf(':')).equals(topic)) {
        sum += e.getValue();
      }
    }
    return sum;
  }
}
