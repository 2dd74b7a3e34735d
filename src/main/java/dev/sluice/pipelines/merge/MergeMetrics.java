package dev.sluice.pipelines.merge;

import dev.sluice.transforms.SluiceMetrics;

/** merge's own counter. */
final class MergeMetrics {

  static final String NAMESPACE = SluiceMetrics.NAMESPACE;

  /** Events let out in order (every admitted event, once event time has settled past it). */
  static final String MERGED = "events_merged";

  private MergeMetrics() {}
}
