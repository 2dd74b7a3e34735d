package dev.sluice.kafka;

import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Writes each shard's numbered records in number order, at least once, through a {@link
 * KafkaWriter}: a record that comes before its predecessors waits for them. A number already
 * written (a replay after a failure) is written again only if it was not yet passed.
 */
final class SequencedKafkaWriter extends DoFn<KV<Integer, KV<Long, RawRecord>>, Void> {

  private final KafkaWriter writer;

  @StateId("next")
  private final StateSpec<ValueState<Long>> nextSpec = StateSpecs.value(VarLongCoder.of());

  @StateId("waiting")
  private final StateSpec<BagState<KV<Long, RawRecord>>> waitingSpec =
      StateSpecs.bag(KvCoder.of(VarLongCoder.of(), RawRecordCoder.of()));

  SequencedKafkaWriter(String bootstrapServers, String topic, Map<String, Object> properties) {
    this.writer = new KafkaWriter(bootstrapServers, topic, properties);
  }

  @Setup
  public void setup() {
    writer.setup();
  }

  @ProcessElement
  public void process(
      @Element KV<Integer, KV<Long, RawRecord>> element,
      @StateId("next") ValueState<Long> next,
      @StateId("waiting") BagState<KV<Long, RawRecord>> waiting)
      throws Exception {
    Long stored = next.read();
    long n = stored == null ? 0 : stored;
    KV<Long, RawRecord> record = element.getValue();
    if (record.getKey() < n) {
      return;
    }
    if (record.getKey() > n) {
      waiting.add(record);
      return;
    }
    writer.process(record.getValue());
    n++;
    List<KV<Long, RawRecord>> held = new ArrayList<>();
    waiting.read().forEach(held::add);
    if (!held.isEmpty()) {
      held.sort(Comparator.comparingLong(KV::getKey));
      List<KV<Long, RawRecord>> still = new ArrayList<>();
      for (KV<Long, RawRecord> h : held) {
        if (h.getKey() == n) {
          writer.process(h.getValue());
          n++;
        } else if (h.getKey() > n) {
          still.add(h);
        }
      }
      waiting.clear();
      still.forEach(waiting::add);
    }
    next.write(n);
  }

  @FinishBundle
  public void finishBundle() throws Exception {
    writer.finishBundle();
  }

  @Teardown
  public void teardown() {
    writer.teardown();
  }
}
