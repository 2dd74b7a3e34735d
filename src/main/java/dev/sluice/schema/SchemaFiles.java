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

  /** The TYPE.json files of every schemas folder, by type; a type in two pipelines must agree. */
  public static TreeMap<String, JsonNode> read(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    TreeMap<String, JsonNode> files = new TreeMap<>();
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
              .filter(p -> p.getFileName().toString().endsWith(".json"))
              .sorted()
              .toList()) {
        String type = p.getFileName().toString().replaceFirst("\\.json$", "");
        JsonNode schema;
        try {
          schema = json.readTree(p.toFile());
        } catch (IOException e) {
          throw new IllegalArgumentException(p + " is not JSON: " + e.getMessage());
        }
        JsonNode other = files.put(type, schema);
        if (other != null && !other.equals(schema)) {
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
            (type, schema) ->
                versions.put(
                    type, java.util.List.of(new SchemaRegistry.Version("1", schema.toString()))));
    return RegisteredSchemas.of(versions);
  }
}
