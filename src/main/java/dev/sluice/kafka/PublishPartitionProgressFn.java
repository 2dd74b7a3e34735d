package dev.sluice.kafka;

import dev.sluice.event.RawRecord;
import dev.sluice.time.PartitionProgress;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Passes records through and, at the end of each bundle, sets the partition gauges of its read to
 * the latest values the read's policies left in this JVM ({@link PartitionGauges}). Only where the
 * source's own gauges do not reach the job's metric results (Flink). Every instance in a JVM
 * publishes every partition read there; the values are the same, and a partition read in another
 * TaskManager comes from that one's instances.
 */
final class PublishPartitionProgressFn extends DoFn<RawRecord, RawRecord> {

  private final String readId;

  PublishPartitionProgressFn(String readId) {
    this.readId = readId;
  }

  @ProcessElement
  public void process(@Element RawRecord record, OutputReceiver<RawRecord> out) {
    out.output(record);
  }

  @FinishBundle
  public void finishBundle() {
    PartitionGauges.latest(readId)
        .forEach((name, value) -> Metrics.gauge(PartitionProgress.NAMESPACE, name).set(value));
  }
}
