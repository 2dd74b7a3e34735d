package dev.sluice.generator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Writes the clickstream truth as JSON lines: first one {@code {"user","label"}} per user (bots
 * included), then one line per valid event in the order first sent: {@code
 * {"id","source","user","type","time","product","category","price","kind","bridge"}} (product,
 * category and price only when present; {@code kind} ON_TIME or LATE_WITHIN; {@code bridge} true on
 * clicks sent late to merge two sessions). {@code evaluate clickstream} reads it.
 */
public final class ClickstreamTruthWriter {

  private ClickstreamTruthWriter() {}

  public static void write(ClickstreamGenerator generator, Path file) throws IOException {
    try (JsonGenerator out =
        new JsonFactory()
            .createGenerator(
                new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
                JsonEncoding.UTF8)) {
      out.setRootValueSeparator(null);
      for (Map.Entry<String, ShopperScript> e : generator.labels().entrySet()) {
        out.writeStartObject();
        out.writeStringField("user", e.getKey());
        out.writeStringField("label", e.getValue().label());
        out.writeEndObject();
        out.writeRaw('\n');
      }
      for (ClickstreamGenerator.TruthClick t : generator.truth()) {
        Click c = t.click();
        out.writeStartObject();
        out.writeStringField("id", t.id());
        out.writeStringField("source", c.source());
        out.writeStringField("user", c.user());
        out.writeStringField("type", c.type());
        out.writeStringField("time", Instant.ofEpochMilli(c.timeMillis()).toString());
        if (c.product() != null) {
          out.writeStringField("product", c.product());
        }
        if (c.category() != null) {
          out.writeStringField("category", c.category());
        }
        if (!Double.isNaN(c.price())) {
          out.writeNumberField("price", c.price());
        }
        out.writeStringField("kind", t.kind().name());
        if (c.bridge()) {
          out.writeBooleanField("bridge", true);
        }
        out.writeEndObject();
        out.writeRaw('\n');
      }
    }
  }
}
