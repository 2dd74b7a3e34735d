package dev.sluice.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka client interceptor that every contender's consumers load through ordinary client
 * configuration ({@code interceptor.classes}), so the harness sees the same two facts for each of
 * them without touching their code: when the first records came back from a poll, and how far each
 * input partition has been fetched (for consumer lag). It is also a producer interceptor that does
 * nothing, because Sluice passes its Kafka properties to producers and consumers alike.
 *
 * <p>The state is static: {@link Measured} reads it from the same JVM.
 */
public final class PollProbe
    implements ConsumerInterceptor<Object, Object>, ProducerInterceptor<Object, Object> {

  private static final AtomicLong FIRST_RECORDS_MILLIS = new AtomicLong();

  /** The process's CPU time when the first records came: start-up is not what is measured. */
  private static final AtomicLong FIRST_RECORDS_CPU_MILLIS = new AtomicLong();

  private static final AtomicLong RECORDS = new AtomicLong();

  /** Next offset to fetch, per input partition. */
  private static final Map<TopicPartition, Long> POSITIONS = new ConcurrentHashMap<>();

  public static long firstRecordsMillis() {
    return FIRST_RECORDS_MILLIS.get();
  }

  public static long firstRecordsCpuMillis() {
    return FIRST_RECORDS_CPU_MILLIS.get();
  }

  public static long records() {
    return RECORDS.get();
  }

  public static Map<TopicPartition, Long> positions() {
    return Map.copyOf(POSITIONS);
  }

  @Override
  public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
    if (records.isEmpty()) {
      return records;
    }
    if (FIRST_RECORDS_MILLIS.compareAndSet(0, System.currentTimeMillis())) {
      FIRST_RECORDS_CPU_MILLIS.set(Measured.processCpuMillis());
    }
    RECORDS.addAndGet(records.count());
    for (TopicPartition tp : records.partitions()) {
      var list = records.records(tp);
      ConsumerRecord<Object, Object> last = list.get(list.size() - 1);
      POSITIONS.merge(tp, last.offset() + 1, Math::max);
    }
    return records;
  }

  @Override
  public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

  @Override
  public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
