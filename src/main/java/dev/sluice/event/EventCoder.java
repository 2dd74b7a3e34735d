package dev.sluice.event;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Hand-written coder for {@link Event}: the envelope attributes, then the origin record ({@link
 * RawRecordCoder}). JSON {@code data} is left out on purpose: it is in the origin's bytes and
 * parsed again when used, which is cheaper than coding a tree on every shuffle. Data decoded from
 * Avro is coded as JSON, since the origin's bytes need the writer's schema.
 */
public final class EventCoder extends AtomicCoder<Event> {

  private static final EventCoder INSTANCE = new EventCoder();

  // One flags byte says which optional attributes follow, and where the key comes from.
  private static final int SUBJECT = 1;
  private static final int CONTENT_TYPE = 2;
  private static final int SCHEMA = 4;
  private static final int KEY_IS_SUBJECT = 8;
  private static final int KEY_IS_SOURCE = 16;
  private static final int CONTENT_TYPE_IS_JSON = 32;
  private static final int DECODED_DATA = 64;
  private static final String JSON = "application/json";

  public static EventCoder of() {
    return INSTANCE;
  }

  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(Event.class), INSTANCE);
  }

  @Override
  public void encode(Event e, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    int flags = 0;
    if (e.subject() != null) {
      flags |= SUBJECT;
    }
    if (JSON.equals(e.dataContentType())) {
      flags |= CONTENT_TYPE_IS_JSON;
    } else if (e.dataContentType() != null) {
      flags |= CONTENT_TYPE;
    }
    if (e.dataSchema() != null) {
      flags |= SCHEMA;
    }
    if (e.decodedData() != null) {
      flags |= DECODED_DATA;
    }
    if (e.subject() != null && e.key().equals(e.subject())) {
      flags |= KEY_IS_SUBJECT;
    } else if (e.key().equals(e.source())) {
      flags |= KEY_IS_SOURCE;
    }
    out.writeByte(flags);
    out.writeUTF(e.id());
    out.writeUTF(e.source());
    out.writeUTF(e.type());
    if ((flags & SUBJECT) != 0) {
      out.writeUTF(e.subject());
    }
    if ((flags & (KEY_IS_SUBJECT | KEY_IS_SOURCE)) == 0) {
      out.writeUTF(e.key());
    }
    out.writeLong(e.eventTimeMillis());
    if ((flags & CONTENT_TYPE) != 0) {
      out.writeUTF(e.dataContentType());
    }
    if ((flags & SCHEMA) != 0) {
      out.writeUTF(e.dataSchema());
    }
    VarInt.encode(e.extensions().size(), out);
    for (Map.Entry<String, String> x : e.extensions().entrySet()) {
      out.writeUTF(x.getKey());
      out.writeUTF(x.getValue());
    }
    if ((flags & DECODED_DATA) != 0) {
      VarInt.encode(e.decodedData().length, out);
      out.write(e.decodedData());
    }
    out.flush();
    RawRecordCoder.of().encode(e.origin(), outStream);
  }

  @Override
  public Event decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    int flags = in.readUnsignedByte();
    String id = in.readUTF();
    String source = in.readUTF();
    String type = in.readUTF();
    String subject = (flags & SUBJECT) != 0 ? in.readUTF() : null;
    String key =
        (flags & KEY_IS_SUBJECT) != 0
            ? subject
            : (flags & KEY_IS_SOURCE) != 0 ? source : in.readUTF();
    long time = in.readLong();
    String contentType =
        (flags & CONTENT_TYPE_IS_JSON) != 0
            ? JSON
            : (flags & CONTENT_TYPE) != 0 ? in.readUTF() : null;
    String schema = (flags & SCHEMA) != 0 ? in.readUTF() : null;
    int n = VarInt.decodeInt(in);
    Map<String, String> extensions = n == 0 ? Map.of() : new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      extensions.put(in.readUTF(), in.readUTF());
    }
    byte[] decoded = null;
    if ((flags & DECODED_DATA) != 0) {
      decoded = new byte[VarInt.decodeInt(in)];
      in.readFully(decoded);
    }
    return new Event(
        id,
        source,
        type,
        subject,
        key,
        time,
        contentType,
        schema,
        extensions,
        RawRecordCoder.of().decode(inStream),
        decoded);
  }

  @Override
  public void verifyDeterministic() {}
}
