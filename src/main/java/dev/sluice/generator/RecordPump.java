package dev.sluice.generator;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/** Moves records into a sink at a target rate, counting them and reporting progress. */
public final class RecordPump {

  private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

  /**
   * When the sink falls this far behind schedule, forget the debt instead of bursting to repay it.
   */
  private static final long MAX_LAG_NANOS = 1_000_000_000L;

  private RecordPump() {}

  /**
   * @param total expected number of records, for the percentage (0 if unknown)
   * @param ratePerSecond target records per second; 0 or less means as fast as possible
   * @param progress where a progress line goes every ~2 s; null for none
   */
  public static RecordCounts run(
      Iterator<GeneratedRecord> records,
      long total,
      double ratePerSecond,
      PrintWriter progress,
      Consumer<GeneratedRecord> sink) {
    RecordCounts counts = new RecordCounts();
    boolean paced = ratePerSecond > 0;
    double nanosPerRecord = paced ? 1e9 / ratePerSecond : 0;
    long start = System.nanoTime();
    long scheduleBase = start;
    long scheduleIndex = 0;
    long lastReport = start;
    long lastReportCount = 0;
    long n = 0;
    while (records.hasNext()) {
      long now = 0;
      if (paced) {
        long due = scheduleBase + (long) (scheduleIndex * nanosPerRecord);
        now = System.nanoTime();
        while (due - now > 0) {
          LockSupport.parkNanos(due - now);
          now = System.nanoTime();
        }
        if (now - due > MAX_LAG_NANOS) {
          scheduleBase = now;
          scheduleIndex = 0;
        }
        scheduleIndex++;
      }
      GeneratedRecord record = records.next();
      sink.accept(record);
      counts.add(record);
      n++;
      // Reading the clock per record costs more than generating one when unpaced: sample it.
      if (progress != null && (paced || (n & 1023) == 0)) {
        if (!paced) {
          now = System.nanoTime();
        }
        if (now - lastReport >= PROGRESS_EVERY_NANOS) {
          progress.println(
              progressLine(n, total, (n - lastReportCount) * 1e9 / (now - lastReport)));
          progress.flush();
          lastReport = now;
          lastReportCount = n;
        }
      }
    }
    return counts;
  }

  static String progressLine(long done, long total, double ratePerSecond) {
    String of = total > 0 ? "/" + total + " (" + (done * 100 / total) + "%)" : "";
    return "generated " + done + of + " " + humanRate(ratePerSecond) + " ev/s";
  }

  /** 950, 61k, 1.2M: rates at a glance. */
  public static String humanRate(double perSecond) {
    if (perSecond >= 1e6) {
      return String.format("%.1fM", perSecond / 1e6);
    }
    if (perSecond >= 1e3) {
      return String.format("%.0fk", perSecond / 1e3);
    }
    return String.format("%.0f", perSecond);
  }
}
