package dev.sluice.cluster;

/** A failed call to a Flink cluster; the message is one line meant for the user. */
public class FlinkRestException extends RuntimeException {
  public FlinkRestException(String message) {
    super(message);
  }
}
