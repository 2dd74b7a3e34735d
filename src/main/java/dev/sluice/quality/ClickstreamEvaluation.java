package dev.sluice.quality;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a clickstream job's sessions and funnels against the truth: the events the job accepted
 * (the truth minus what it dead-lettered, sent to the late topic, or dropped as a repeat of a
 * source and id) give, by {@link ClickstreamReplay}, the sessions and funnels it should have
 * written, which are compared per user with the ones it did write.
 *
 * <p>Of the session records, only the final ones count: Beam writes a session again when late data
 * updates it (a higher pane) and writes the merged session when a late event joins two, so a record
 * whose window lies within another record's of the same user was superseded. A funnel still open
 * when the input ends is not expected (a bounded run never times it out); if the job's clock did
 * time it out, the abandoned funnel it wrote is accepted.
 *
 * <p>Pure: no I/O, no clock.
 */
public final class ClickstreamEvaluation {

  private ClickstreamEvaluation() {}

  public static ClickstreamResult evaluate(
      ClickstreamTruth truth,
      RejectedEvents deadLetters,
      RejectedEvents late,
      List<SessionRecord> sessions,
      List<FunnelRecord> funnels,
      Duration sessionGap,
      Duration stepTimeout) {
    ClickstreamResult.Builder result = new ClickstreamResult.Builder(truth);
    Map<String, List<ShopEvent>> accepted = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (ShopEvent e : truth.events()) {
      if (deadLetters.covers(e)) {
        result.deadLettered++;
      } else if (late.covers(e)) {
        result.late++;
      } else if (!seen.add(e.identity())) {
        result.repeats++;
      } else {
        accepted.computeIfAbsent(e.user(), u -> new ArrayList<>()).add(e);
      }
    }
    Map<String, List<SessionRecord>> written = finalSessions(sessions, result);
    Map<String, List<FunnelRecord>> writtenFunnels = new TreeMap<>();
    for (FunnelRecord f : funnels) {
      writtenFunnels.computeIfAbsent(f.user(), u -> new ArrayList<>()).add(f);
    }
    Set<String> users = new TreeSet<>(accepted.keySet());
    users.addAll(written.keySet());
    users.addAll(writtenFunnels.keySet());
    for (String user : users) {
      List<ShopEvent> events = accepted.getOrDefault(user, List.of());
      events.sort(ShopEvent::byTime);
      result.users += events.isEmpty() ? 0 : 1;
      result.accepted += events.size();
      List<SessionRecord> expectedSessions =
          ClickstreamReplay.sessions(user, events, sessionGap.toMillis());
      ClickstreamReplay.Funnels replay =
          ClickstreamReplay.funnels(user, events, stepTimeout.toMillis());
      List<FunnelRecord> actualFunnels = writtenFunnels.getOrDefault(user, List.of());
      List<FunnelRecord> expectedFunnels = new ArrayList<>(replay.ended());
      if (replay.openUntilTimeout() != null) {
        result.openFunnels++;
        if (actualFunnels.contains(replay.openUntilTimeout())) {
          result.openTimedOut++;
          expectedFunnels.add(replay.openUntilTimeout());
        }
      }
      List<SessionRecord> actualSessions = written.getOrDefault(user, List.of());
      result.add(user, expectedSessions, actualSessions, expectedFunnels, actualFunnels);
      List<String> problems = new ArrayList<>();
      compareSessions(expectedSessions, actualSessions, problems);
      compareFunnels(expectedFunnels, actualFunnels, problems);
      result.mismatch(user, problems);
    }
    return result.build();
  }

  /**
   * Per user, the session records no later one supersedes: the highest pane of each window (the
   * last written among equal panes), and no window that lies within another.
   */
  static Map<String, List<SessionRecord>> finalSessions(
      List<SessionRecord> records, ClickstreamResult.Builder result) {
    Map<String, List<SessionRecord>> byUser = new TreeMap<>();
    for (SessionRecord r : records) {
      List<SessionRecord> list = byUser.computeIfAbsent(r.user(), u -> new ArrayList<>());
      int same = indexOfWindow(list, r);
      if (same < 0) {
        list.add(r);
      } else if (r.pane() >= list.get(same).pane()) {
        list.set(same, r);
      }
    }
    for (List<SessionRecord> list : byUser.values()) {
      List<SessionRecord> kept = new ArrayList<>();
      for (SessionRecord r : list) {
        boolean superseded = list.stream().anyMatch(o -> o != r && !o.sameWindow(r) && r.within(o));
        if (!superseded) {
          kept.add(r);
        }
      }
      kept.sort((a, b) -> Long.compare(a.startMillis(), b.startMillis()));
      list.clear();
      list.addAll(kept);
    }
    if (result != null) {
      result.sessionRecords = records.size();
    }
    return byUser;
  }

  private static int indexOfWindow(List<SessionRecord> list, SessionRecord r) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).sameWindow(r)) {
        return i;
      }
    }
    return -1;
  }

  private static void compareSessions(
      List<SessionRecord> expected, List<SessionRecord> actual, List<String> problems) {
    List<SessionRecord> unmatched = new ArrayList<>(actual);
    for (SessionRecord e : expected) {
      SessionRecord a = unmatched.stream().filter(e::sameWindow).findFirst().orElse(null);
      if (a == null) {
        problems.add("missing " + e);
      } else {
        unmatched.remove(a);
        if (!a.sameFigures(e)) {
          problems.add("expected " + e + " but written " + a);
        }
      }
    }
    unmatched.forEach(a -> problems.add("unexpected " + a));
  }

  private static void compareFunnels(
      List<FunnelRecord> expected, List<FunnelRecord> actual, List<String> problems) {
    List<FunnelRecord> unmatched = new ArrayList<>(actual);
    for (FunnelRecord e : expected) {
      if (!unmatched.remove(e)) {
        problems.add("missing " + e);
      }
    }
    unmatched.forEach(a -> problems.add("unexpected " + a));
  }
}
