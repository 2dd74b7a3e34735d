package dev.sluice.pipelines.clickstream;

import dev.sluice.time.SettlingClock;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Per user, in event-time order: view -> cart -> checkout -> purchase, each step within the step
 * timeout of the one before. A page view opens a funnel; the next step within the timeout advances
 * it; anything else is ignored while it is open. A purchase completes it; a timeout abandons it at
 * the step reached, and the click after that starts afresh. State lives only while a funnel is
 * open.
 */
final class TrackFunnelsFn extends ClickOrderedFn<OpenFunnel, Funnel> {

  static final String CLICKS = "clicks_funnelled";
  static final String COMPLETED = "funnels_completed";
  static final String ABANDONED = "funnels_abandoned";

  private final long timeoutMillis;
  private final Counter clicks = Metrics.counter(ClickMetrics.NAMESPACE, CLICKS);
  private final Counter completed = Metrics.counter(ClickMetrics.NAMESPACE, COMPLETED);
  private final Counter abandoned = Metrics.counter(ClickMetrics.NAMESPACE, ABANDONED);

  TrackFunnelsFn(SettlingClock clock, long stepTimeoutMillis) {
    super(clock, OpenFunnel.Coder.of());
    this.timeoutMillis = stepTimeoutMillis;
  }

  @Override
  protected OpenFunnel step(String user, OpenFunnel f, Click click, Emitter<Funnel> out) {
    clicks.inc();
    if (f == null) {
      return click.step() == Step.VIEW ? new OpenFunnel(click.time()) : null;
    }
    if (click.step() == Step.VIEW && f.reached == Step.VIEW) {
      f.at[Step.VIEW.ordinal()] = click.time();
    } else if (click.step() == f.reached.next()) {
      f.reached = click.step();
      f.at[click.step().ordinal()] = click.time();
      if (click.step() == Step.PURCHASE) {
        completed.inc();
        out.emit(Funnel.of(user, f, click.time()), click.time());
        return null;
      }
    }
    return f;
  }

  @Override
  protected long deadline(OpenFunnel f) {
    return f.reachedAt() + timeoutMillis;
  }

  /**
   * The next step did not come within the timeout. A click at exactly the deadline still counts
   * (the machine takes a click before a deadline at its time), so the funnel ends one instant
   * after: {@code endedAt} is the deadline itself.
   */
  @Override
  protected OpenFunnel expire(String user, OpenFunnel f, long deadline, Emitter<Funnel> out) {
    abandoned.inc();
    out.emit(Funnel.of(user, f, deadline), deadline);
    return null;
  }
}
