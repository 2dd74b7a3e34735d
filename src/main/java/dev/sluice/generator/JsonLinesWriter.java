package dev.sluice.generator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes records as JSON lines for offline use: {@code
 * {"kind":"ON_TIME","key":"device-3","valueUtf8":"{...}","headers":{"ce_id":"e-7",...}}}. Header
 * values are written as UTF-8 text, which every header the generator sets is.
 */
public final class JsonLinesWriter implements Consumer<GeneratedRecord>, Closeable {

  private final JsonGenerator json;

  public JsonLinesWriter(Path file) throws IOException {
    this(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
  }

  public JsonLinesWriter(OutputStream out) throws IOException {
    json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
    json.setRootValueSeparator(null);
  }

  @Override
  public void accept(GeneratedRecord record) {
    try {
      json.writeStartObject();
      json.writeStringField("kind", record.kind().name());
      json.writeStringField("key", record.key());
      json.writeStringField("valueUtf8", record.valueUtf8());
      json.writeObjectFieldStart("headers");
      for (GeneratedRecord.Header h : record.headers()) {
        json.writeStringField(h.name(), h.valueUtf8());
      }
      json.writeEndObject();
      json.writeEndObject();
      json.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    json.close();
  }
}
