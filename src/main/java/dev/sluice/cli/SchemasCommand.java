package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.kit.BuildInfo;
import dev.sluice.schema.SchemaFiles;
import dev.sluice.schema.SchemaRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice schemas register|check|list}: the event schemas of {@code pipelines/NAME/schemas/
 * TYPE.json} or {@code TYPE.avsc} (and {@code pipelines/schemas/} for shared types) in the schema
 * registry, one artifact per CloudEvents type, each change checked against the artifact's
 * compatibility rule before anything is written.
 */
@Command(
    name = "schemas",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "Register, check and list the event schemas in the schema registry.",
    subcommands = {
      SchemasCommand.Register.class,
      SchemasCommand.Check.class,
      SchemasCommand.ListSchemas.class
    })
public final class SchemasCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (register, check or list)");
  }

  /** Where the registry is and which group holds the schemas. */
  static final class RegistryOptions {
    @Option(
        names = "--registry",
        defaultValue = "http://127.0.0.1:8090/apis/registry/v3",
        description = "Apicurio Registry API (default: ${DEFAULT-VALUE}, scripts/registry's).")
    String url;

    @Option(
        names = "--group",
        defaultValue = "sluice",
        description = "Artifact group (default: ${DEFAULT-VALUE}).")
    String group;

    SchemaRegistry registry() {
      SchemaRegistry registry = new SchemaRegistry(url, group);
      registry.requireReachable();
      return registry;
    }
  }

  /** What register and check share: the schema files and the verdict on each. */
  abstract static class Changes implements Callable<Integer> {
    @CommandLine.Mixin RegistryOptions registry = new RegistryOptions();

    @Option(
        names = "--dir",
        defaultValue = "pipelines",
        description =
            "Looks for schemas/TYPE.json|avsc and NAME/schemas/TYPE.json|avsc under it (default:"
                + " ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
        names = "--compatibility",
        defaultValue = "BACKWARD",
        description =
            "Rule of a new artifact: BACKWARD, FORWARD, FULL, NONE, ... (default: ${DEFAULT-VALUE}).")
    String compatibility;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    abstract boolean write();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      SchemaRegistry schemas = registry.registry();
      TreeMap<String, SchemaFiles.Shipped> files = SchemaFiles.read(dir);
      List<String> refused = new ArrayList<>();
      List<Runnable> writes = new ArrayList<>();
      int created = 0;
      int changed = 0;
      for (var file : files.entrySet()) {
        String type = file.getKey();
        JsonNode schema = file.getValue().schema();
        JsonNode latest = schemas.latest(type);
        if (latest == null) {
          out.printf("  %-32s new artifact (%s)%n", type, compatibility);
          String format = file.getValue().format();
          writes.add(() -> schemas.create(type, schema, compatibility, format));
          created++;
        } else if (latest.equals(schema)) {
          out.printf("  %-32s unchanged%n", type);
        } else {
          SchemaRegistry.Verdict verdict = schemas.addVersion(type, schema, true);
          if (verdict.accepted()) {
            out.printf("  %-32s compatible change%n", type);
            writes.add(() -> schemas.addVersion(type, schema, false));
            changed++;
          } else {
            out.printf("  %-32s INCOMPATIBLE: %s%n", type, verdict.reason());
            refused.add(type);
          }
        }
      }
      if (!refused.isEmpty()) {
        spec.commandLine()
            .getErr()
            .printf(
                "sluice schemas: %s refused by the compatibility rule; nothing was registered%n",
                String.join(", ", refused));
        return 1;
      }
      if (write()) {
        writes.forEach(Runnable::run);
      }
      out.printf(
          "schemas: %d files, %d new artifacts, %d new versions%s (%s, group %s)%n",
          files.size(),
          created,
          changed,
          write() ? " registered" : " would be registered",
          registry.url,
          registry.group);
      return 0;
    }
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description =
          "Register every changed schema; if any change breaks its artifact's compatibility rule,"
              + " nothing is registered.")
  static final class Register extends Changes {
    @Override
    boolean write() {
      return true;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Say what register would do (the registry checks each change), writing nothing.")
  static final class Check extends Changes {
    @Override
    boolean write() {
      return false;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The registered schemas: versions, latest version, compatibility rule.")
  static final class ListSchemas implements Callable<Integer> {
    @CommandLine.Mixin RegistryOptions registry = new RegistryOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<SchemaRegistry.Artifact> artifacts = registry.registry().list();
      out.printf("%-32s %8s %8s  %s%n", "type", "versions", "latest", "compatibility");
      for (SchemaRegistry.Artifact a : artifacts) {
        out.printf("%-32s %8d %8s  %s%n", a.id(), a.versions(), a.latest(), a.compatibility());
      }
      out.printf(
          "schemas: %d artifacts in group %s at %s%n",
          artifacts.size(), registry.group, registry.url);
      return 0;
    }
  }
}
