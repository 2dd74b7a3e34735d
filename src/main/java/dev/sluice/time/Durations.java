package dev.sluice.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human durations for flags: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO
 * {@code PT10S}.
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String t = text.trim();
    Matcher m = SHORT.matcher(t.toLowerCase());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    Duration d;
    try {
      d = Duration.parse(t.toUpperCase());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (use e.g. 500ms, 10s, 2m, 1h or PT10S)");
    }
    // ISO-8601 allows PT-30S; no Sluice duration means anything below zero.
    if (d.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' is negative (a duration is 0 or more)");
    }
    return d;
  }

  /** Parses the value of {@code flag} (e.g. "--window"); a refusal names the flag. */
  public static Duration parse(String flag, String text) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + " " + e.getMessage(), e);
    }
  }

  /** The same, refusing zero too (a window of no length). */
  public static Duration parsePositive(String flag, String text) {
    Duration d = parse(flag, text);
    if (d.isZero()) {
      throw new IllegalArgumentException(flag + " '" + text + "' must be longer than zero");
    }
    return d;
  }

  /** Joda form of {@link #parse(String, String)}. */
  public static org.joda.time.Duration parseJoda(String flag, String text) {
    return org.joda.time.Duration.millis(parse(flag, text).toMillis());
  }

  /** Joda form of {@link #parsePositive(String, String)}. */
  public static org.joda.time.Duration parsePositiveJoda(String flag, String text) {
    return org.joda.time.Duration.millis(parsePositive(flag, text).toMillis());
  }

  /** The same, as the Joda duration Beam's windowing takes. */
  public static org.joda.time.Duration parseJoda(String text) {
    return org.joda.time.Duration.millis(parse(text).toMillis());
  }

  /**
   * For typed picocli options: accepts what {@link #parse} does; a bad value is a usage error (exit
   * 2).
   */
  public static final class Converter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
