package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Registry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice schemas} against a real Apicurio Registry (scripts/registry): a schema evolves from
 * v1 to a backward-compatible v2, and a breaking v3 is refused before anything is written; check
 * writes nothing; list shows versions and the rule; no registry is one line naming the fix.
 */
class SchemasCliTest {

  private static final String V1 =
      "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"number\"}},"
          + "\"required\":[\"value\"],\"additionalProperties\":false}";
  // v2 adds an optional field: v1 data stays valid (the old schema was closed).
  private static final String V2 =
      "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"number\"},"
          + "\"unit\":{\"type\":\"string\"}},\"required\":[\"value\"],\"additionalProperties\":false}";
  // v3 changes a type and requires a new field: v2 data would be rejected.
  private static final String V3 =
      "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"string\"},"
          + "\"unit\":{\"type\":\"string\"}},\"required\":[\"value\",\"unit\"],"
          + "\"additionalProperties\":false}";

  private record Result(int exit, String out, String err) {}

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void schemasEvolveCompatiblyAndABreakingChangeIsRefusedBeforeDeploy(@TempDir Path dir)
      throws Exception {
    Path schemas = Files.createDirectories(dir.resolve("pipelines/p/schemas"));
    Path file = schemas.resolve("sensor.reading.json");
    try (Registry registry = Registry.start(dir.resolve("registry"))) {
      String url = "--registry=" + registry.url();
      String tree = "--dir=" + dir.resolve("pipelines");
      Files.writeString(file, V1);
      Result first = sluice("schemas", "register", url, tree);
      assertEquals(0, first.exit(), first.err());
      assertTrue(first.out().contains("sensor.reading") && first.out().contains("new artifact"));
      assertTrue(first.out().contains("1 new artifacts, 0 new versions registered"), first.out());

      Result again = sluice("schemas", "register", url, tree);
      assertTrue(again.out().contains("unchanged"), again.out());

      Files.writeString(file, V2);
      Result check = sluice("schemas", "check", url, tree);
      assertEquals(0, check.exit(), check.err());
      assertTrue(check.out().contains("compatible change"), check.out());
      assertTrue(list(url).contains("1        1  BACKWARD"), "check writes nothing");
      assertEquals(0, sluice("schemas", "register", url, tree).exit());
      assertTrue(list(url).contains("2        2  BACKWARD"), list(url));

      Files.writeString(file, V3);
      Result refused = sluice("schemas", "register", url, tree);
      assertEquals(1, refused.exit());
      assertTrue(refused.out().contains("INCOMPATIBLE"), refused.out());
      assertTrue(refused.out().contains("SUBSCHEMA_TYPE_CHANGED"), refused.out());
      assertTrue(
          refused
              .err()
              .lines()
              .anyMatch(
                  l ->
                      l.equals(
                          "sluice schemas: sensor.reading refused by the compatibility rule;"
                              + " nothing was registered")),
          refused.err());
      assertTrue(list(url).contains("2        2  BACKWARD"), "v3 was not registered");
    }
  }

  @Test
  void noRegistryIsOneLineNamingTheFix(@TempDir Path dir) throws Exception {
    Result r = sluice("schemas", "list", "--registry=http://127.0.0.1:1/apis/registry/v3");
    assertEquals(1, r.exit());
    String line =
        "sluice list: no schema registry answers at http://127.0.0.1:1/apis/registry/v3: start"
            + " one with 'scripts/registry start' or pass --registry=URL";
    assertTrue(r.err().lines().anyMatch(line::equals), r.err());
  }

  private static String list(String url) {
    return sluice("schemas", "list", url).out();
  }

  /** The real command line, with its error handling, its output captured. */
  private static synchronized Result sluice(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit = Sluice.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
