package dev.sluice.cli;

import dev.sluice.kafka.KafkaProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Pipeline args as users type them, made Beam's: Kafka's {@code --bootstrap-server X} spelling
 * becomes {@code --bootstrapServers=X} (and {@code --command-config F} {@code
 * --kafkaPropertiesFile=F}, made absolute), and the local broker is the default when none is given.
 */
final class PipelineArgs {

  private static final String ALIAS = "--bootstrap-server";
  private static final String FLAG = "--bootstrapServers";
  private static final String FILE = "--kafkaPropertiesFile";
  private static final String FILE_ALIAS = "--command-config";

  private PipelineArgs() {}

  static List<String> withBootstrapServers(List<String> args) {
    return withBootstrapServers(
        args,
        Optional.of(KafkaConnection.defaultBootstrapServers())
            .filter(s -> !s.equals(KafkaConnection.FALLBACK)));
  }

  /**
   * @param localBroker the running local broker; empty leaves the pipeline's own default
   */
  static List<String> withBootstrapServers(List<String> args, Optional<String> localBroker) {
    List<String> out = new ArrayList<>(args.size() + 1);
    boolean given = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(ALIAS) && i + 1 < args.size()) {
        arg = FLAG + "=" + args.get(++i);
      } else if (arg.startsWith(ALIAS + "=")) {
        arg = FLAG + arg.substring(ALIAS.length());
      } else if ((arg.equals(FILE) || arg.equals(FILE_ALIAS)) && i + 1 < args.size()) {
        arg = FILE + "=" + absolute(args.get(++i));
      } else if (arg.startsWith(FILE + "=") || arg.startsWith(FILE_ALIAS + "=")) {
        arg = FILE + "=" + absolute(arg.substring(arg.indexOf('=') + 1));
      }
      given |= arg.equals(FLAG) || arg.startsWith(FLAG + "=");
      out.add(arg);
    }
    if (!given && localBroker.isPresent()) {
      out.add(FLAG + "=" + localBroker.get());
    }
    return out;
  }

  /**
   * Moves secret {@code --kafkaProperty} values (and a given {@code --kafkaPropertiesFile}'s
   * contents) into a temporary owner-only properties file passed as {@code --kafkaPropertiesFile},
   * so Beam never holds them: not in the arguments it logs at debug level, not in the options a
   * runner shows. The file lives until this process exits; the pipeline is built before that.
   */
  /**
   * Warns about secrets in the process's own arguments; those from a config file (added later, in
   * the JVM) are not shown by ps, and are moved to a file like the others.
   */
  static void warnAboutVisibleSecrets(List<String> commandLine) {
    if (KafkaProperties.hasSecretArgs(commandLine)) {
      System.err.println(
          "sluice: warning: a secret given as --kafkaProperty is visible to every user in ps;"
              + " put it in a --kafkaPropertiesFile (owner-only) instead");
    }
  }

  static List<String> secretsToFile(List<String> args) {
    if (!KafkaProperties.hasSecretArgs(args)) {
      return args;
    }
    List<String> out = new ArrayList<>();
    Map<String, Object> props = new LinkedHashMap<>();
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith(FILE + "=")) {
        props.putAll(KafkaProperties.load(arg.substring(FILE.length() + 1)));
      } else if (secret(arg, "--kafkaProperty=")) {
        secrets.add(arg.substring("--kafkaProperty=".length()));
      } else if (arg.equals("--kafkaProperty")
          && i + 1 < args.size()
          && secret(args.get(i + 1), "")) {
        secrets.add(args.get(++i));
      } else {
        out.add(arg);
      }
    }
    props.putAll(KafkaProperties.parse(secrets));
    Properties file = new Properties();
    props.forEach((k, v) -> file.setProperty(k, String.valueOf(v)));
    try {
      Path tmp =
          Files.createTempFile(
              "sluice-kafka-",
              ".properties",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      tmp.toFile().deleteOnExit();
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        file.store(w, "Kafka client properties for this sluice run; deleted on exit");
      }
      out.add(FILE + "=" + tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a temporary Kafka properties file", e);
    }
    return out;
  }

  private static boolean secret(String arg, String prefix) {
    if (!arg.startsWith(prefix)) {
      return false;
    }
    int eq = arg.indexOf('=', prefix.length());
    return eq > prefix.length() && KafkaProperties.isSecret(arg.substring(prefix.length(), eq));
  }

  /** A stored job resumes from any directory. */
  private static String absolute(String path) {
    return Path.of(path).toAbsolutePath().normalize().toString();
  }
}
