package dev.sluice.pipelines.clickstream;

import dev.sluice.time.SettlingClock;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.values.KV;

/**
 * Per user, in event-time order: keeps the {@link UserProfile} and emits it when it changed, at
 * most once per profile interval of event time (a change inside the interval is emitted when the
 * interval ends). A user not seen for the forget horizon is forgotten: its state is cleared.
 */
public final class ProfileUsersFn extends ClickOrderedFn<UserProfile, KV<String, String>> {

  static final String CLICKS = "clicks_profiled";
  static final String EMITTED = "profiles_emitted";
  static final String FORGOTTEN = "users_forgotten";

  /** How a user's features evolve and when they are shown. */
  public record Timing(long sessionGapMillis, long intervalMillis, long forgetMillis)
      implements java.io.Serializable {}

  private final Timing timing;
  private final Counter clicks = Metrics.counter(ClickMetrics.NAMESPACE, CLICKS);
  private final Counter emitted = Metrics.counter(ClickMetrics.NAMESPACE, EMITTED);
  private final Counter forgotten = Metrics.counter(ClickMetrics.NAMESPACE, FORGOTTEN);

  ProfileUsersFn(SettlingClock clock, Timing timing) {
    super(clock, UserProfile.Coder.of());
    this.timing = timing;
  }

  @Override
  protected UserProfile step(
      String user, UserProfile p, Click click, Emitter<KV<String, String>> out) {
    clicks.inc();
    if (p == null) {
      p = new UserProfile();
    }
    p.learn(click, timing.sessionGapMillis());
    if (p.emittedAt == Long.MIN_VALUE || click.time() >= p.emittedAt + timing.intervalMillis()) {
      emit(user, p, click.time(), out);
    }
    return p;
  }

  @Override
  protected long deadline(UserProfile p) {
    long forget = p.lastSeen + timing.forgetMillis();
    return p.changed ? Math.min(p.emittedAt + timing.intervalMillis(), forget) : forget;
  }

  @Override
  protected UserProfile expire(
      String user, UserProfile p, long deadline, Emitter<KV<String, String>> out) {
    if (p.changed) {
      emit(user, p, deadline, out);
    }
    if (deadline >= p.lastSeen + timing.forgetMillis()) {
      forgotten.inc();
      return null;
    }
    return p;
  }

  private void emit(String user, UserProfile p, long at, Emitter<KV<String, String>> out) {
    emitted.inc();
    p.emittedAt = at;
    p.changed = false;
    out.emit(KV.of(user, p.toJson(user, at)), at);
  }
}
