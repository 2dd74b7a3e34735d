package dev.sluice.bench;

/**
 * One contender run on the pre-filled topic.
 *
 * @param events records in the topic it read
 * @param seconds first records polled to the last result appended
 * @param cpuSeconds the process's CPU time from the first records polled to its end (start-up, such
 *     as building and translating a Beam pipeline, is left out)
 * @param scale full-size events / events read (1 except for the Direct runner's smaller topic); CPU
 *     seconds and wall time in the table are multiplied by it
 * @param loadAverage the machine's 1-minute load average when the run ended: other people's
 *     processes share the cores, and this says how much
 */
public record Measurement(
    Contender contender,
    int run,
    long events,
    double seconds,
    double cpuSeconds,
    long peakRssKb,
    long results,
    Verdict verdict,
    double scale,
    double loadAverage) {

  /** The same run judged by another verdict. */
  public Measurement withVerdict(Verdict v) {
    return new Measurement(
        contender, run, events, seconds, cpuSeconds, peakRssKb, results, v, scale, loadAverage);
  }

  public double eventsPerSecond() {
    return events / seconds;
  }

  /** CPU time per event in microseconds, the figure that does not depend on the topic size. */
  public double cpuMicrosPerEvent() {
    return cpuSeconds * 1e6 / events;
  }
}
