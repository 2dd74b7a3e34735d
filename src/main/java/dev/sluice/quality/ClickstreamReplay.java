package dev.sluice.quality;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The clickstream pipeline's semantics in plain Java, written apart from the pipeline so that the
 * two can check each other: sessions as Beam's merged session windows, funnels as a walk over each
 * user's events in event-time order.
 */
final class ClickstreamReplay {

  private ClickstreamReplay() {}

  /**
   * A user's sessions. Beam gives each event the window [t, t + gap) and merges windows that
   * overlap, so two events share a session when they are less than a gap apart; exactly a gap apart
   * the windows only touch and stay two.
   *
   * @param events the user's accepted events, in {@link ShopEvent#byTime} order
   */
  static List<SessionRecord> sessions(String user, List<ShopEvent> events, long gapMillis) {
    List<SessionRecord> out = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= events.size(); i++) {
      if (i == events.size()
          || events.get(i).timeMillis() - events.get(i - 1).timeMillis() >= gapMillis) {
        out.add(session(user, events.subList(from, i), gapMillis));
        from = i;
      }
    }
    return out;
  }

  private static SessionRecord session(String user, List<ShopEvent> events, long gapMillis) {
    long pageViews = 0;
    long revenueCents = 0;
    boolean converted = false;
    Set<String> products = new HashSet<>();
    for (ShopEvent e : events) {
      pageViews += e.type().equals(ShopEvent.PAGE_VIEW) ? 1 : 0;
      if (e.product() != null) {
        products.add(e.product());
      }
      if (e.type().equals(ShopEvent.PURCHASE)) {
        converted = true;
        revenueCents += SessionRecord.cents(e.price());
      }
    }
    return new SessionRecord(
        user,
        events.get(0).timeMillis(),
        events.get(events.size() - 1).timeMillis() + gapMillis,
        events.size(),
        pageViews,
        products.size(),
        revenueCents,
        converted,
        -1);
  }

  /**
   * A user's funnels: the ones that ended, and the one still open when the events ran out (null if
   * none), given as the record it becomes if the job's clock passes its timeout.
   */
  record Funnels(List<FunnelRecord> ended, FunnelRecord openUntilTimeout) {}

  /**
   * Walks a user's events: a page view opens a funnel when none is open; the next step within the
   * timeout of the current one advances it (a page view at the view step moves that step's time);
   * anything else is ignored; the next step coming too late abandons the funnel at stepTime +
   * timeout, and the event that came too late is then taken as if no funnel were open.
   */
  static Funnels funnels(String user, List<ShopEvent> events, long timeoutMillis) {
    List<FunnelRecord> ended = new ArrayList<>();
    Open open = null;
    for (ShopEvent e : events) {
      long t = e.timeMillis();
      if (open != null && t - open.stepTime > timeoutMillis) {
        ended.add(open.abandoned(user, timeoutMillis));
        open = null;
      }
      int step = e.stepIndex();
      if (open == null) {
        if (step == 0) {
          open = new Open(t);
        }
      } else if (step == open.step + 1) {
        open.times.put(ShopEvent.STEP_NAMES.get(step), t - open.stepTime);
        open.step = step;
        open.stepTime = t;
        if (step == ShopEvent.STEPS.size() - 1) {
          ended.add(
              new FunnelRecord(
                  user, open.start, t, FunnelRecord.COMPLETED, "purchase", open.times));
          open = null;
        }
      } else if (step == 0 && open.step == 0) {
        open.stepTime = t; // still browsing: the cart step is timed from the last view
      }
    }
    return new Funnels(ended, open == null ? null : open.abandoned(user, timeoutMillis));
  }

  private static final class Open {
    final long start;
    final Map<String, Long> times = new LinkedHashMap<>();
    int step;
    long stepTime;

    Open(long start) {
      this.start = start;
      this.stepTime = start;
    }

    FunnelRecord abandoned(String user, long timeoutMillis) {
      return new FunnelRecord(
          user,
          start,
          stepTime + timeoutMillis,
          FunnelRecord.ABANDONED,
          ShopEvent.STEP_NAMES.get(step),
          times);
    }
  }
}
