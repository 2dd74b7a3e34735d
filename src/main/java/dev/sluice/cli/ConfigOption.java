package dev.sluice.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE.yaml}; {@link ConfigFile} reads it before the command parses its flags, so
 * this option only documents it (and keeps it out of the pipeline's arguments).
 */
public final class ConfigOption {

  @Option(
      names = ConfigFile.OPTION,
      paramLabel = "FILE.yaml",
      description =
          "Options from a YAML file, one 'option: value' per line as the flags spell them without"
              + " --; lists and kafkaProperty maps allowed. Flags on the command line win.")
  Path config;
}
