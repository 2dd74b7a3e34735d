package dev.sluice.transforms;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * One count window of one key: W_i holds the key's events at positions {@code i*D+1 .. i*D+L} in
 * event-time order (positions 1-based). Emitted once, when its last event is placed; it never
 * changes after that.
 *
 * @param index i, from 0
 * @param firstPosition i*D+1
 * @param lastPosition i*D+L
 * @param firstTime the event time of the window's earliest event
 * @param lastTime the event time of its latest event (the result's timestamp)
 */
public record CountWindow(
    String key,
    long index,
    long firstPosition,
    long lastPosition,
    Instant firstTime,
    Instant lastTime,
    long count,
    double sum,
    double min,
    double max,
    double avg)
    implements java.io.Serializable {

  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("key", key);
      g.writeNumberField("window", index);
      g.writeNumberField("firstPosition", firstPosition);
      g.writeNumberField("lastPosition", lastPosition);
      g.writeStringField("firstTime", firstTime.toString());
      g.writeStringField("lastTime", lastTime.toString());
      g.writeNumberField("count", count);
      g.writeNumberField("sum", sum);
      g.writeNumberField("min", min);
      g.writeNumberField("max", max);
      g.writeNumberField("avg", avg);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static CountWindow fromJson(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      return new CountWindow(
          n.get("key").asText(),
          n.get("window").asLong(),
          n.get("firstPosition").asLong(),
          n.get("lastPosition").asLong(),
          Instant.parse(n.get("firstTime").asText()),
          Instant.parse(n.get("lastTime").asText()),
          n.get("count").asLong(),
          n.get("sum").asDouble(),
          n.get("min").asDouble(),
          n.get("max").asDouble(),
          n.get("avg").asDouble());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a count window: " + json, e);
    }
  }

  /** Field by field; doubles bit for bit, so equal windows code to equal bytes. */
  public static final class Coder extends AtomicCoder<CountWindow> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(CountWindow w, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeUTF(w.key);
      out.writeLong(w.index);
      out.writeLong(w.firstPosition);
      out.writeLong(w.lastPosition);
      out.writeLong(w.firstTime.toEpochMilli());
      out.writeLong(w.lastTime.toEpochMilli());
      out.writeLong(w.count);
      out.writeDouble(w.sum);
      out.writeDouble(w.min);
      out.writeDouble(w.max);
      out.writeDouble(w.avg);
      out.flush();
    }

    @Override
    public CountWindow decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      return new CountWindow(
          in.readUTF(),
          in.readLong(),
          in.readLong(),
          in.readLong(),
          Instant.ofEpochMilli(in.readLong()),
          Instant.ofEpochMilli(in.readLong()),
          in.readLong(),
          in.readDouble(),
          in.readDouble(),
          in.readDouble(),
          in.readDouble());
    }

    @Override
    public void verifyDeterministic() {}
  }
}
