package dev.sluice.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the Java stack traces Flink's REST API returns as error text into one readable line. */
final class FlinkErrors {

  /** "a.b.SomeException: message" at the start of a line, optionally after "Caused by: ". */
  private static final Pattern THROWABLE =
      Pattern.compile(
          "^(?:Caused by: )?((?:[a-zA-Z_$][\\w$]*\\.)+)([A-Z][\\w$]*(?:Exception|Error|Throwable))(?:: (.*))?$");

  private FlinkErrors() {}

  /**
   * The deepest cause that says something, as "SimpleName: message"; the first line of the text if
   * it holds no stack trace. Wrappers such as CompletionException repeat the cause in their own
   * message, so the deepest one is the most direct.
   */
  static String rootCause(String text) {
    if (text == null || text.isBlank()) {
      return "no details";
    }
    String best = null;
    for (String line : text.split("\\R")) {
      String innermost = innermost(line.trim());
      // A cause without a message ("Caused by: x.FooException") says less than its wrapper.
      if (innermost != null && (best == null || innermost.contains(": "))) {
        best = innermost;
      }
    }
    if (best != null) {
      return best;
    }
    return text.strip().split("\\R", 2)[0];
  }

  /**
   * "x.AException: y.BException: msg" -> "BException: msg"; null if the line names no throwable.
   */
  private static String innermost(String line) {
    Matcher m = THROWABLE.matcher(line);
    if (!m.matches()) {
      return null;
    }
    String name = m.group(2);
    String message = m.group(3) == null ? "" : m.group(3).trim();
    Matcher inner;
    while ((inner = THROWABLE.matcher(message)).matches()) {
      name = inner.group(2);
      message = inner.group(3) == null ? "" : inner.group(3).trim();
    }
    return message.isEmpty() ? name : name + ": " + message;
  }
}
