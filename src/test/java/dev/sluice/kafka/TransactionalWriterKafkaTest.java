package dev.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.runners.core.InMemoryStateInternals;
import org.apache.beam.runners.core.StateNamespaces;
import org.apache.beam.runners.core.StateTags;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once writer of one shard, called directly against a real broker, with the shard's
 * Beam state shared between two instances of the step as the DirectRunner's instance pool (or a
 * restarted Flink task) shares it.
 */
class TransactionalWriterKafkaTest {

  /** One shard's state cells, as a runner keeps them for key 0. */
  private static final class ShardState {
    final InMemoryStateInternals<String> internals = InMemoryStateInternals.forKey("0");
    final ValueState<Long> next =
        internals.state(StateNamespaces.global(), StateTags.value("next", VarLongCoder.of()));
    final ValueState<String> writer =
        internals.state(StateNamespaces.global(), StateTags.value("writer", StringUtf8Coder.of()));
    final BagState<KV<Long, RawRecord>> waiting =
        internals.state(
            StateNamespaces.global(),
            StateTags.bag("waiting", KvCoder.of(VarLongCoder.of(), RawRecordCoder.of())));

    void process(TransactionalWriter step, long... numbers) throws Exception {
      List<KV<Long, RawRecord>> batch = new ArrayList<>();
      for (long n : numbers) {
        batch.add(KV.of(n, record("r" + n)));
      }
      step.process(KV.of(0, batch), next, writer, waiting);
    }
  }

  /**
   * CI saw a clean exactly-once run on Direct fail with "has job state (next record 0) but Kafka
   * holds no commit": the shard's first batch held records 1.. but not 0, so its instance claimed
   * the shard and wrote nothing, and the next batch went to another pooled instance.
   */
  @Test
  void aShardWhoseFirstBatchHadAGapIsCarriedOnByAnotherInstance() throws Exception {
    String topic = SharedKafka.newTopic("eos-gap", 1);
    TransactionalWriter first = writer(topic, "eos-gap-" + UUID.randomUUID());
    TransactionalWriter second = SerializableUtils.clone(first);
    ShardState shard = new ShardState();
    try {
      first.setup();
      second.setup();
      shard.process(first, 1, 2);
      assertEquals(0, values(topic).size(), "records 1 and 2 wait for 0");
      shard.process(second, 0, 3);
      assertEquals(List.of("r0", "r1", "r2", "r3"), values(topic));
      assertEquals(4L, shard.next.read());
      assertFalse(shard.waiting.read().iterator().hasNext(), "nothing left waiting");
    } finally {
      first.teardown();
      second.teardown();
    }
  }

  /** State that says records were committed, in a group Kafka knows nothing of, still refuses. */
  @Test
  void committedStateWithoutKafkasCommitIsRefused() throws Exception {
    String topic = SharedKafka.newTopic("eos-moved", 1);
    TransactionalWriter step = writer(topic, "eos-moved-" + UUID.randomUUID());
    ShardState shard = new ShardState();
    shard.next.write(5L);
    try {
      step.setup();
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> shard.process(step, 5));
      assertTrue(
          e.getMessage().contains("was the sink group id changed on restore?"), e.getMessage());
      assertEquals(0, values(topic).size());
    } finally {
      step.teardown();
    }
  }

  private static TransactionalWriter writer(String topic, String group) {
    return new TransactionalWriter(
        SharedKafka.bootstrapServers(), topic, Map.of(), group, 1024 * 1024);
  }

  private static RawRecord record(String value) {
    return new RawRecord("", -1, -1, 0, null, value.getBytes(StandardCharsets.UTF_8), List.of());
  }

  private static List<String> values(String topic) {
    return TopicSnapshot.values(SharedKafka.bootstrapServers(), topic);
  }
}
