package dev.sluice.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a pipeline needs from an event's {@code data}: the typed value, or why it is not there. The
 * parse step applies it once per record, so an event that lacks it becomes a dead letter with the
 * reason instead of failing later; steps after a shuffle may extract again.
 *
 * <p>Implementations must be serializable (they travel inside transforms) and should define {@code
 * equals}: the parser reuses a parse done by the Kafka source only under equal settings.
 */
@FunctionalInterface
public interface DataExtractor<T> extends Serializable {

  Result<T> extract(Event event);

  /** The extracted value, or the reason a record is rejected. */
  final class Result<T> {
    private final T value;
    private final String reason;

    private Result(T value, String reason) {
      this.value = value;
      this.reason = reason;
    }

    public static <T> Result<T> of(T value) {
      return new Result<>(Objects.requireNonNull(value), null);
    }

    public static <T> Result<T> rejected(String reason) {
      return new Result<>(null, Objects.requireNonNull(reason));
    }

    public boolean isPresent() {
      return reason == null;
    }

    /** The value; null when rejected. */
    public T value() {
      return value;
    }

    /** Why the record is rejected; null when present. */
    public String reason() {
      return reason;
    }
  }
}
