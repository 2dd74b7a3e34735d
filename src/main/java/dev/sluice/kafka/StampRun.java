package dev.sluice.kafka;

import dev.sluice.event.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;

/** Adds header {@value ReplayRun#HEADER}: a resume recognises the run's records by it. */
public final class StampRun extends DoFn<RawRecord, RawRecord> {

  private final String runId;

  public StampRun(String runId) {
    this.runId = runId;
  }

  @ProcessElement
  public void process(@Element RawRecord r, OutputReceiver<RawRecord> out) {
    List<RawRecord.Header> headers = new ArrayList<>(r.headers());
    headers.add(new RawRecord.Header(ReplayRun.HEADER, runId.getBytes(StandardCharsets.UTF_8)));
    out.output(
        new RawRecord(
            r.topic(), r.partition(), r.offset(), r.kafkaTimestamp(), r.key(), r.value(), headers));
  }
}
