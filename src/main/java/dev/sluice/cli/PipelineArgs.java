package dev.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pipeline args as users type them, made Beam's: Kafka's {@code --bootstrap-server X} spelling
 * becomes {@code --bootstrapServers=X}, and the local broker is the default when none is given.
 */
final class PipelineArgs {

  private static final String ALIAS = "--bootstrap-server";
  private static final String FLAG = "--bootstrapServers";

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
      }
      given |= arg.equals(FLAG) || arg.startsWith(FLAG + "=");
      out.add(arg);
    }
    if (!given && localBroker.isPresent()) {
      out.add(FLAG + "=" + localBroker.get());
    }
    return out;
  }
}
