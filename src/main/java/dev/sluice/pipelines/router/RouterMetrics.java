package dev.sluice.pipelines.router;

/** The router's own counters, next to the ones every pipeline reports. */
final class RouterMetrics {

  static final String ROUTED = "events_routed";
  static final String COPIES = "records_routed";
  static final String APPLIED = "rulesets_applied";
  static final String REFUSED = "rulesets_refused";

  private RouterMetrics() {}
}
