package dev.sluice.event;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A compact hand-written coder: records cross every shuffle, so reflection-based coders cost too
 * much.
 */
public final class RawRecordCoder extends AtomicCoder<RawRecord> {

  private static final RawRecordCoder INSTANCE = new RawRecordCoder();

  public static RawRecordCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} find this coder. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(RawRecord.class), INSTANCE);
  }

  @Override
  public void encode(RawRecord r, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeUTF(r.topic());
    out.writeInt(r.partition());
    out.writeLong(r.offset());
    out.writeLong(r.kafkaTimestamp());
    writeBytes(out, r.key());
    writeBytes(out, r.value());
    out.writeInt(r.headers().size());
    for (RawRecord.Header h : r.headers()) {
      out.writeUTF(h.name());
      writeBytes(out, h.value());
    }
    out.flush();
  }

  @Override
  public RawRecord decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    String topic = in.readUTF();
    int partition = in.readInt();
    long offset = in.readLong();
    long timestamp = in.readLong();
    byte[] key = readBytes(in);
    byte[] value = readBytes(in);
    int n = in.readInt();
    List<RawRecord.Header> headers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      headers.add(new RawRecord.Header(in.readUTF(), readBytes(in)));
    }
    return new RawRecord(topic, partition, offset, timestamp, key, value, headers);
  }

  public static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  public static byte[] readBytes(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 0) {
      return null;
    }
    byte[] bytes = new byte[len];
    in.readFully(bytes);
    return bytes;
  }

  @Override
  public void verifyDeterministic() {}
}
