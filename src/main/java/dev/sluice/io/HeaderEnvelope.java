package dev.sluice.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Packs a record's headers into its value and unpacks them again. KafkaIO's exactly-once writer
 * sends only key and value, so headers (CloudEvents binary-mode attributes, late-event metadata)
 * ride inside the value through it and {@link HeaderRestoringProducer} restores them at send time.
 */
final class HeaderEnvelope {

  private static final int MAGIC = 0x534C4831; // "SLH1"

  record Unpacked(Headers headers, byte[] value) {}

  private HeaderEnvelope() {}

  static byte[] pack(Headers headers, byte[] value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (value == null ? 0 : value.length));
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      Header[] all = headers == null ? new Header[0] : headers.toArray();
      out.writeInt(all.length);
      for (Header h : all) {
        byte[] name = h.key().getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        writeNullable(out, h.value());
      }
      writeNullable(out, value);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Unpacked unpack(byte[] packed) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(packed))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a header envelope");
      }
      RecordHeaders headers = new RecordHeaders();
      for (int i = in.readInt(); i > 0; i--) {
        byte[] name = new byte[in.readInt()];
        in.readFully(name);
        headers.add(new String(name, StandardCharsets.UTF_8), readNullable(in));
      }
      return new Unpacked(headers, readNullable(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeNullable(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  private static byte[] readNullable(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
