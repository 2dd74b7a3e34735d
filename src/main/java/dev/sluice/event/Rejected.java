package dev.sluice.event;

/** A defect found while reading an envelope; no stack trace, since it is an expected outcome. */
final class Rejected extends Exception {
  private static final long serialVersionUID = 1L;

  Rejected(String reason) {
    super(reason, null, false, false);
  }
}
