package dev.sluice.event;

import java.io.Serializable;

/**
 * A rule an accepted envelope must also pass, such as matching its type's registered schema. The
 * parser applies it to every record, so an event that fails it is a dead letter with the reason and
 * never moves a watermark.
 *
 * <p>Implementations must be serializable (they travel inside transforms) and should define {@code
 * equals}: the parser reuses a parse done by the Kafka source only under equal settings.
 */
@FunctionalInterface
public interface EventCheck extends Serializable {

  /** Why {@code event} is refused, or null when it passes. */
  String problem(Event event);
}
