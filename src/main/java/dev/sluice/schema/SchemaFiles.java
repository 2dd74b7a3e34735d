package dev.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The schemas shipped with the pipelines: {@code pipelines/NAME/schemas/TYPE.json}, and {@code
 * pipelines/schemas/TYPE.json} for a type several pipelines read.
 */
public final class SchemaFiles {

  private SchemaFiles() {}

  /**
   * One shipped schema and its artifact type: JSON Schema ({@code .json}) or Avro ({@code .avsc}).
   */
  public record Shipped(JsonNode schema, String format) {}

  /**
   * The TYPE.json (JSON Schema) and TYPE.avsc (Avro) files of every schemas folder, by type; a type
   * in two pipelines must agree.
   */
  public static TreeMap<String, Shipped> read(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    TreeMap<String, Shipped> files = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--dir " + dir + " is no directory");
    }
    try (Stream<Path> paths = Files.walk(dir, 3)) {
      for (Path p :
          paths
              .filter(
                  p ->
                      p.getParent() != null
                          && p.getParent().getFileName().toString().equals("schemas"))
              .filter(p -> p.getFileName().toString().matches(".+\\.(json|avsc)$"))
              .sorted()
              .toList()) {
        String name = p.getFileName().toString();
        String type = name.replaceFirst("\\.(json|avsc)$", "");
        String format = name.endsWith(".avsc") ? SchemaRegistry.AVRO : SchemaRegistry.JSON_SCHEMA;
        JsonNode schema;
        try {
          schema = json.readTree(p.toFile());
        } catch (IOException e) {
          throw new IllegalArgumentException(p + " is not JSON: " + e.getMessage());
        }
        Shipped other = files.put(type, new Shipped(schema, format));
        if (other != null && !other.equals(files.get(type))) {
          throw new IllegalArgumentException(
              "two different schemas for type "
                  + type
                  + " under "
                  + dir
                  + ": one type, one schema");
        }
      }
    }
    return files;
  }

  /** The shipped schemas as a fixed set that asks no registry, each as version 1 of its type. */
  public static RegisteredSchemas asFixedSet(Path dir) throws IOException {
    TreeMap<String, java.util.List<SchemaRegistry.Version>> versions = new TreeMap<>();
    read(dir)
        .forEach(
            (type, shipped) ->
                versions.put(
                    type,
                    java.util.List.of(
                        new SchemaRegistry.Version(
                            "1", shipped.schema().toString(), shipped.format()))));
    return RegisteredSchemas.of(versions);
  }
}
