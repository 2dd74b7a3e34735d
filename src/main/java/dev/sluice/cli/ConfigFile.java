package dev.sluice.cli;

import dev.sluice.kafka.KafkaProperties;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.pipelines.Pipelines;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * {@code --config FILE.yaml} for {@code run}, {@code submit} and {@code audit}: a deployment is a
 * reviewed file, not a long command line. Keys are option names as the flags spell them (without
 * {@code --}); a list becomes one comma-joined flag (Beam splits list options on commas), a map one
 * {@code --key=k=v} flag per entry (for {@code kafkaProperty}). A key means what its flag means
 * (relative paths are relative to the working directory). Flags on the command line win: the file's
 * options are appended only where the command line does not set them, {@code kafkaProperty} per
 * Kafka key. Secret Kafka properties then take the same path as on the command line.
 */
final class ConfigFile {

  static final String OPTION = "--config";

  /** Commands with a {@link ConfigOption}. */
  private static final Set<String> COMMANDS = Set.of("run", "submit", "audit");

  /** Kafka's spellings that {@link PipelineArgs} turns into Beam's. */
  private static final Map<String, String> ALIASES =
      Map.of("bootstrap-server", "bootstrapServers", "command-config", "kafkaPropertiesFile");

  private static final String KAFKA_PROPERTY = "kafkaProperty";

  private ConfigFile() {}

  /**
   * The command line with the config file's options added after it. Unchanged when no {@code
   * --config} is given, or when the command line does not parse (picocli then says why).
   *
   * @throws IllegalArgumentException naming the file: unreadable, malformed, or an unknown option
   */
  static String[] expand(String[] args) {
    ParseResult parsed;
    try {
      parsed = new CommandLine(new Sluice()).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      return args;
    }
    ParseResult sub = parsed.subcommand();
    if (sub == null
        || !COMMANDS.contains(sub.commandSpec().name())
        || !sub.hasMatchedOption(OPTION)) {
      return args;
    }
    Path file = sub.matchedOptionValue(OPTION, null);
    Set<String> given = new LinkedHashSet<>();
    sub.matchedOptions().forEach(o -> given.add(o.longestName().replaceFirst("^--?", "")));
    List<String> unmatched = sub.unmatched();
    unmatched.forEach(a -> given.add(canonical(flagName(a))));
    Set<String> givenKafkaKeys = kafkaKeys(unmatched);

    List<String> taken = new ArrayList<>();
    List<String> overridden = new ArrayList<>();
    List<String> commandArgs = new ArrayList<>();
    List<String> pipelineArgs = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (NodeTuple field : read(file).getValue()) {
      String written = scalar(file, "a key", field.getKeyNode());
      String key = canonical(written);
      if (key.startsWith("-") || key.equals("config")) {
        throw new IllegalArgumentException(
            "config "
                + file
                + ": key '"
                + written
                + (key.equals("config")
                    ? "': a config file cannot name another"
                    : "' is not an option name (write it without --)"));
      }
      if (!seen.add(key)) {
        throw new IllegalArgumentException("config " + file + ": " + written + " appears twice");
      }
      boolean commandOption = sub.commandSpec().findOption("--" + key) != null;
      if (given.contains(key) && !key.equals(KAFKA_PROPERTY)) {
        overridden.add(key);
        continue;
      }
      List<String> flags = flags(file, key, field.getValueNode());
      if (key.equals(KAFKA_PROPERTY)) {
        int before = flags.size();
        flags.removeIf(f -> givenKafkaKeys.contains(kafkaKey(f)));
        if (flags.size() < before) {
          overridden.add(key + " (" + (before - flags.size()) + " of " + before + ")");
        }
      }
      (commandOption ? commandArgs : pipelineArgs).addAll(flags);
      taken.add(key);
    }
    checkPipelineOptions(file, sub, pipelineArgs);
    warnIfSecretsAreReadable(file, pipelineArgs);
    System.err.printf(
        "sluice: options from %s: %s%s%n",
        file,
        taken.isEmpty() ? "none" : String.join(", ", taken),
        overridden.isEmpty()
            ? ""
            : "; the command line overrides " + String.join(", ", overridden));
    List<String> out = new ArrayList<>(List.of(args));
    out.addAll(commandArgs);
    out.addAll(pipelineArgs);
    return out.toArray(new String[0]);
  }

  /**
   * The file as YAML nodes, not objects: values stay as written (no 1.1 booleans like "yes", no
   * octal numbers, no dates), and Beam converts them as it converts a flag's text.
   */
  private static MappingNode read(Path file) {
    Node root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("config " + file + " does not exist", e);
    } catch (IOException | YAMLException e) {
      String why = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
      throw new IllegalArgumentException("config " + file + " cannot be read: " + why, e);
    }
    if (root == null) {
      return new MappingNode(Tag.MAP, List.of(), null);
    }
    if (!(root instanceof MappingNode map)) {
      throw new IllegalArgumentException(
          "config " + file + ": expected 'option: value' lines, got a " + root.getNodeId());
    }
    return map;
  }

  /** One option's flags: a scalar or a list as one flag, a map as one flag per entry. */
  private static List<String> flags(Path file, String key, Node value) {
    List<String> flags = new ArrayList<>();
    if (value instanceof MappingNode map) {
      for (NodeTuple e : map.getValue()) {
        flags.add(
            "--"
                + key
                + "="
                + scalar(file, key, e.getKeyNode())
                + "="
                + scalar(file, key, e.getValueNode()));
      }
    } else if (value instanceof SequenceNode list) {
      List<String> items = new ArrayList<>();
      list.getValue().forEach(v -> items.add(scalar(file, key, v)));
      flags.add("--" + key + "=" + String.join(",", items));
    } else {
      flags.add("--" + key + "=" + scalar(file, key, value));
    }
    return flags;
  }

  private static String scalar(Path file, String key, Node value) {
    if (!(value instanceof ScalarNode scalar) || value.getTag().equals(Tag.NULL)) {
      throw new IllegalArgumentException(
          "config "
              + file
              + " line "
              + (value.getStartMark().getLine() + 1)
              + ": "
              + key
              + (value instanceof ScalarNode
                  ? " has no value"
                  : " nests too deep (give a value, a list or a map)"));
    }
    return scalar.getValue();
  }

  /**
   * Beam's own check, on the file's options alone, so that the message can name the file: an
   * unknown option (with Beam's "did you mean"), a value of the wrong type.
   */
  private static void checkPipelineOptions(Path file, ParseResult sub, List<String> pipelineArgs) {
    String name = sub.matchedPositionalValue(0, (String) null);
    if (name == null || name.startsWith("-")) {
      // audit's default; run and submit say themselves that the pipeline is missing
      name = sub.commandSpec().name().equals("audit") ? "windowed-aggregate" : null;
    }
    if (name == null || !Pipelines.all().containsKey(name)) {
      return; // the command itself says what is wrong
    }
    PipelineSpec<?> spec = Pipelines.get(name);
    try {
      PipelineOptionsFactory.register(spec.options());
      PipelineOptionsFactory.fromArgs(pipelineArgs.toArray(new String[0])).as(spec.options());
    } catch (IllegalArgumentException e) {
      String message =
          String.valueOf(e.getMessage())
              .replace('\n', ' ')
              .replaceFirst(
                  "^Class interface \\S+ missing a property named '([^']*)'\\.\\s*",
                  name + " has no option '$1'. ")
              .strip();
      throw new IllegalArgumentException("config " + file + ": " + message, e);
    }
  }

  /** Secrets belong in an owner-only file; a config file is reviewed, and often shared. */
  private static void warnIfSecretsAreReadable(Path file, List<String> pipelineArgs) {
    if (!KafkaProperties.hasSecretArgs(pipelineArgs)) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream()
          .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        System.err.println(
            "sluice: warning: "
                + file
                + " holds a secret Kafka property and others may read it;"
                + " chmod 600 it, or move the secret to a --kafkaPropertiesFile");
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Only a warning depends on it.
    }
  }

  private static String canonical(String name) {
    return name == null ? "" : ALIASES.getOrDefault(name, name);
  }

  /** "--name=value" or "--name" -> "name"; a value or a short flag -> null. */
  private static String flagName(String arg) {
    if (!arg.startsWith("--") || arg.length() == 2) {
      return null;
    }
    int eq = arg.indexOf('=');
    return eq < 0 ? arg.substring(2) : arg.substring(2, eq);
  }

  /** The Kafka keys the command line's --kafkaProperty flags set, in both spellings. */
  private static Set<String> kafkaKeys(List<String> args) {
    Set<String> keys = new LinkedHashSet<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String entry =
          a.startsWith("--" + KAFKA_PROPERTY + "=")
              ? a.substring(KAFKA_PROPERTY.length() + 3)
              : a.equals("--" + KAFKA_PROPERTY) && i + 1 < args.size() ? args.get(++i) : "";
      // Beam splits a list option on commas: "a=1,b=2" sets a and b.
      for (String piece : entry.split(",")) {
        int eq = piece.indexOf('=');
        if (eq > 0) {
          keys.add(piece.substring(0, eq).trim());
        }
      }
    }
    return keys;
  }

  private static String kafkaKey(String flag) {
    String entry = flag.substring(KAFKA_PROPERTY.length() + 3);
    int eq = entry.indexOf('=');
    return eq < 0 ? entry : entry.substring(0, eq).trim();
  }
}
