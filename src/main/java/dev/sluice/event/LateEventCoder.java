package dev.sluice.event;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Hand-written coder for {@link LateEvent}. */
public final class LateEventCoder extends AtomicCoder<LateEvent> {

  private static final LateEventCoder INSTANCE = new LateEventCoder();

  public static LateEventCoder of() {
    return INSTANCE;
  }

  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(LateEvent.class), INSTANCE);
  }

  @Override
  public void encode(LateEvent late, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeLong(late.windowStart().toEpochMilli());
    out.writeLong(late.windowEnd().toEpochMilli());
    out.writeLong(late.expiredAt().toEpochMilli());
    out.writeUTF(late.reason());
    out.flush();
    EventCoder.of().encode(late.event(), outStream);
  }

  @Override
  public LateEvent decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    long start = in.readLong();
    long end = in.readLong();
    long expired = in.readLong();
    String reason = in.readUTF();
    return new LateEvent(EventCoder.of().decode(inStream), start, end, expired, reason);
  }

  @Override
  public void verifyDeterministic() {}
}
