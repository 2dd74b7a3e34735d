package dev.sluice.pipelines.clickstream;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.values.KV;

/**
 * clickstream's per-user work without Beam: the funnel and the profile machines the pipeline runs
 * ({@link TrackFunnelsFn}, {@link ProfileUsersFn}, replayed in event-time order, deadlines
 * included) and the sessions Beam's session windows make, as the audit and a plain-Java replay take
 * them.
 */
public final class ClickstreamModel {

  /** What one user's replay produced, each with the event time it was emitted at. */
  public interface Visitor {
    void funnel(Funnel funnel, long at);

    void profile(String user, String json, long at);

    /** One session: its clicks in event-time order, {@code [start, end)}. */
    void session(String user, List<Click> clicks, long start, long end);
  }

  private final long sessionGap;
  private final TrackFunnelsFn funnels;
  private final ProfileUsersFn profiles;

  public ClickstreamModel(Clickstream.Settings settings) {
    this.sessionGap = settings.sessionGap().getMillis();
    this.funnels = new TrackFunnelsFn(settings.clock(), settings.stepTimeout().getMillis());
    this.profiles = new ProfileUsersFn(settings.clock(), settings.profile());
  }

  /** Replays one user's accepted clicks (any order; not changed). */
  public void replay(String user, List<Click> clicks, Visitor visitor) {
    funnels.replay(user, clicks, Long.MAX_VALUE, visitor::funnel);
    profiles.replay(
        user,
        clicks,
        Long.MAX_VALUE,
        (KV<String, String> p, long at) -> visitor.profile(p.getKey(), p.getValue(), at));
    List<Click> sorted = new ArrayList<>(clicks);
    sorted.sort(Click.ORDER);
    for (List<Click> s : sessions(sorted, sessionGap)) {
      visitor.session(user, s, s.get(0).time(), s.get(s.size() - 1).time() + sessionGap);
    }
  }

  /**
   * Beam's session windows over clicks in event-time order: a click's window {@code [t, t + gap)}
   * merges with every one it overlaps.
   */
  static List<List<Click>> sessions(List<Click> inTimeOrder, long gap) {
    List<List<Click>> out = new ArrayList<>();
    List<Click> current = new ArrayList<>();
    long end = Long.MIN_VALUE;
    for (Click c : inTimeOrder) {
      if (!current.isEmpty() && c.time() >= end) {
        out.add(current);
        current = new ArrayList<>();
      }
      current.add(c);
      end = Math.max(end, c.time() + gap);
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }
}
