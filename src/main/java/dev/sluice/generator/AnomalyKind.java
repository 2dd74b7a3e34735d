package dev.sluice.generator;

/** The anomalies the IoT scenario injects, named as in the truth file. */
public enum AnomalyKind {
  /** One reading off by 6-12 noise sigmas, either direction. */
  SPIKE("spike"),
  /** From one reading on, offset by 5-8 sigmas; the shift back is labelled too. */
  LEVEL_SHIFT("level-shift"),
  /** Noise five times its usual size for 30-90 min. */
  VARIANCE_CHANGE("variance-change"),
  /** The metric repeats one value for 30-120 min. */
  STUCK("stuck"),
  /** The device sends nothing for 20-90 min; it concerns every metric ("*"). */
  SILENCE("silence");

  private final String label;

  AnomalyKind(String label) {
    this.label = label;
  }

  /** The name in the truth file and the evaluation table. */
  public String label() {
    return label;
  }
}
