package dev.sluice.io;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/** A Kafka producer that unpacks {@link HeaderEnvelope} values into headers plus the original value. */
final class HeaderRestoringProducer implements Producer<byte[], byte[]> {

  private final Producer<byte[], byte[]> delegate;

  private HeaderRestoringProducer(Producer<byte[], byte[]> delegate) {
    this.delegate = delegate;
  }

  /** The producer factory handed to KafkaIO (it passes the full producer configuration). */
  static Producer<byte[], byte[]> open(Map<String, Object> config) {
    return new HeaderRestoringProducer(new KafkaProducer<>(config));
  }

  private static ProducerRecord<byte[], byte[]> restore(ProducerRecord<byte[], byte[]> r) {
    HeaderEnvelope.Unpacked u = HeaderEnvelope.unpack(r.value());
    return new ProducerRecord<>(r.topic(), r.partition(), r.timestamp(), r.key(), u.value(), u.headers());
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
    return delegate.send(restore(record));
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
    return delegate.send(restore(record), callback);
  }

  @Override
  public void initTransactions() {
    delegate.initTransactions();
  }

  @Override
  public void beginTransaction() {
    delegate.beginTransaction();
  }

  @Override
  @SuppressWarnings("deprecation") // KafkaIO's exactly-once writer calls this form.
  public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, String groupId) {
    delegate.sendOffsetsToTransaction(offsets, groupId);
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    delegate.sendOffsetsToTransaction(offsets, groupMetadata);
  }

  @Override
  public void commitTransaction() {
    delegate.commitTransaction();
  }

  @Override
  public void abortTransaction() {
    delegate.abortTransaction();
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return delegate.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return delegate.metrics();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return delegate.clientInstanceId(timeout);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public void close(Duration timeout) {
    delegate.close(timeout);
  }
}
