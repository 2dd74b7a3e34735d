package dev.sluice.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads a pipeline's declarative parts (SQL, rules, settings) from the classpath, never the working
 * directory.
 */
public final class PipelineResources {

  private PipelineResources() {}

  /**
   * @param path relative to {@code pipelines/}, e.g. {@code windowed-aggregate/aggregate.sql}
   */
  public static String text(String path) {
    String resource = "/pipelines/" + path;
    try (InputStream in = PipelineResources.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
