package dev.sluice.kafka;

import java.io.Serializable;

/**
 * How a pipeline's Kafka outputs are delivered. At least once: records are sent as they come and a
 * restart may send some again. Exactly once: records are written in Kafka transactions committed
 * per checkpoint, so readers in {@code read_committed} see each once, later by one checkpoint.
 *
 * <p>The sink group id names the job's sink state stored in Kafka. It must stay the same when a job
 * resumes from a savepoint (a new id would write the restored records again) and must differ
 * between unrelated jobs (an old id makes a fresh job fail its sequence check).
 *
 * <p>A bounded replay also names its {@link ReplayRun}: its records are stamped with the run, and a
 * resumed run writes only those the crashed one did not, so either guarantee ends with one copy.
 */
public record KafkaDelivery(String sinkGroupId, ReplayRun run) implements Serializable {

  public static KafkaDelivery atLeastOnce() {
    return new KafkaDelivery(null, null);
  }

  public static KafkaDelivery exactlyOnce(String sinkGroupId) {
    if (sinkGroupId == null || sinkGroupId.isBlank()) {
      throw new IllegalArgumentException(
          "exactly-once delivery needs a sink group id (--sinkGroupId); 'sluice submit' keeps one per job");
    }
    return new KafkaDelivery(sinkGroupId, null);
  }

  /** The same guarantee for the records of one bounded run. */
  public KafkaDelivery forRun(ReplayRun replay) {
    return new KafkaDelivery(sinkGroupId, replay);
  }

  public boolean isExactlyOnce() {
    return sinkGroupId != null;
  }

  /** Each output needs its own group: KafkaIO keeps one transactional writer per (group, shard). */
  public String groupOf(String output) {
    return sinkGroupId + "." + output;
  }

  @Override
  public String toString() {
    String guarantee =
        isExactlyOnce() ? "exactly-once (sink group " + sinkGroupId + ")" : "at-least-once";
    return run == null ? guarantee : guarantee + ", run " + run.id();
  }
}
