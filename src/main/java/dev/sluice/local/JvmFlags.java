package dev.sluice.local;

import java.util.List;

/** Flags for every JVM Sluice starts (scripts/sluice and scripts/flink-cluster repeat them). */
public final class JvmFlags {

  /**
   * Exit on OutOfMemoryError with "Terminating due to java.lang.OutOfMemoryError" as the last line,
   * instead of limping on with dead threads (a hung broker or job looks alive to its parent). The
   * JVM prints that line on stdout by default; stderr keeps it out of data such as consume's.
   */
  public static final List<String> CHILD =
      List.of("-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr");

  private JvmFlags() {}
}
