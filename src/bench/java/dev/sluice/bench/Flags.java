package dev.sluice.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code --name=value} flags of the contender mains (they are launched by the harness, not by
 * people).
 */
final class Flags {

  private final Map<String, String> values = new HashMap<>();

  Flags(String[] args) {
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value, got " + a);
      }
      values.put(a.substring(2, eq), a.substring(eq + 1));
    }
  }

  String get(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return v;
  }

  boolean bool(String name) {
    return Boolean.parseBoolean(values.getOrDefault(name, "false"));
  }
}
