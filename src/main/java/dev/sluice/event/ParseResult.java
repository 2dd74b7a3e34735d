package dev.sluice.event;

/** Either a valid {@link Event} or the reason the record was rejected. */
public final class ParseResult {

  private final Event event;
  private final String error;

  private ParseResult(Event event, String error) {
    this.event = event;
    this.error = error;
  }

  static ParseResult valid(Event event) {
    return new ParseResult(event, null);
  }

  static ParseResult invalid(String error) {
    return new ParseResult(null, error);
  }

  public boolean isValid() {
    return event != null;
  }

  /** The event; null when invalid. */
  public Event event() {
    return event;
  }

  /** Why the record was rejected; null when valid. */
  public String error() {
    return error;
  }
}
