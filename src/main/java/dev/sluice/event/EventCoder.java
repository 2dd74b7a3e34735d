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

/**
 * Hand-written coder for {@link Event}; the origin record is encoded with {@link RawRecordCoder}.
 */
public final class EventCoder extends AtomicCoder<Event> {

  private static final EventCoder INSTANCE = new EventCoder();

  public static EventCoder of() {
    return INSTANCE;
  }

  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(Event.class), INSTANCE);
  }

  @Override
  public void encode(Event e, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeUTF(e.id());
    out.writeUTF(e.source());
    out.writeUTF(e.type());
    out.writeUTF(e.key());
    out.writeLong(e.eventTimeMillis());
    out.writeDouble(e.value());
    out.flush();
    RawRecordCoder.of().encode(e.origin(), outStream);
  }

  @Override
  public Event decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    String id = in.readUTF();
    String source = in.readUTF();
    String type = in.readUTF();
    String key = in.readUTF();
    long time = in.readLong();
    double value = in.readDouble();
    return new Event(id, source, type, key, time, value, RawRecordCoder.of().decode(inStream));
  }

  @Override
  public void verifyDeterministic() {}
}
