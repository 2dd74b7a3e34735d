package dev.sluice.pipelines.iottelemetry;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** Field by field: a reading crosses a shuffle and sits in the detector's buffer. */
final class MetricReadingCoder extends AtomicCoder<MetricReading> {

  private static final MetricReadingCoder INSTANCE = new MetricReadingCoder();
  private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

  static MetricReadingCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(MetricReading r, OutputStream out) throws IOException {
    TEXT.encode(r.device(), out);
    TEXT.encode(r.site(), out);
    TEXT.encode(r.metric(), out);
    TEXT.encode(r.eventId(), out);
    DataOutputStream data = new DataOutputStream(out);
    data.writeLong(r.time());
    data.writeDouble(r.value());
    data.flush();
  }

  @Override
  public MetricReading decode(InputStream in) throws IOException {
    String device = TEXT.decode(in);
    String site = TEXT.decode(in);
    String metric = TEXT.decode(in);
    String eventId = TEXT.decode(in);
    DataInputStream data = new DataInputStream(in);
    long time = data.readLong();
    double value = data.readDouble();
    return new MetricReading(device, site, metric, time, value, eventId);
  }

  @Override
  public void verifyDeterministic() {}
}
