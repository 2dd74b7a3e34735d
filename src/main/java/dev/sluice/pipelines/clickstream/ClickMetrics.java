package dev.sluice.pipelines.clickstream;

import dev.sluice.transforms.SluiceMetrics;

/** clickstream's own counters, next to the ones every pipeline reports. */
final class ClickMetrics {

  static final String NAMESPACE = SluiceMetrics.NAMESPACE;

  /** Admitted clicks: what the sessions, the funnels and the profiles receive. */
  static final String CLICKS = "clicks_admitted";

  private ClickMetrics() {}
}
