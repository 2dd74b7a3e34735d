package dev.sluice.kafka;

import dev.sluice.event.RawRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Conversions between KafkaIO's record type and ours. */
public final class KafkaRecords {

  private KafkaRecords() {}

  /** A record as a plain consumer read it (audits, tests). */
  public static RawRecord toRaw(ConsumerRecord<byte[], byte[]> record) {
    List<RawRecord.Header> headers = new ArrayList<>();
    for (Header h : record.headers()) {
      headers.add(new RawRecord.Header(h.key(), h.value()));
    }
    return new RawRecord(
        record.topic(),
        record.partition(),
        record.offset(),
        record.timestamp(),
        record.key(),
        record.value(),
        headers);
  }

  public static RawRecord toRaw(KafkaRecord<byte[], byte[]> record) {
    List<RawRecord.Header> headers = new ArrayList<>();
    Headers kafkaHeaders = record.getHeaders();
    if (kafkaHeaders != null) {
      for (Header h : kafkaHeaders) {
        headers.add(new RawRecord.Header(h.key(), h.value()));
      }
    }
    return new RawRecord(
        record.getTopic(),
        record.getPartition(),
        record.getOffset(),
        record.getTimestamp(),
        record.getKV().getKey(),
        record.getKV().getValue(),
        headers);
  }
}
