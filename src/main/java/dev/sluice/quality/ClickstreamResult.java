package dev.sluice.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of {@link ClickstreamEvaluation}: what happened to the truth's events, the figures
 * expected and written (overall and per script), and the users whose sessions or funnels differ.
 */
public record ClickstreamResult(
    long truthEvents,
    long deadLettered,
    long late,
    long repeats,
    long accepted,
    long users,
    long sessionRecords,
    long openFunnels,
    long openTimedOut,
    Figures expected,
    Figures written,
    Map<String, Figures[]> byLabel,
    int usersMismatched,
    List<String> mismatches) {

  static final int USERS_SHOWN = 10;
  private static final int PROBLEMS_SHOWN = 3;

  /** True when every user's sessions and funnels are exactly the expected ones. */
  public boolean matches() {
    return usersMismatched == 0;
  }

  /** Sums over sessions and funnels; revenue in cents. */
  public static final class Figures {
    long users;
    long sessions;
    long convertedSessions;
    long sessionEvents;
    long revenueCents;
    long funnels;
    long completed;
    final long[] abandonedAt = new long[3];

    void add(List<SessionRecord> sessions, List<FunnelRecord> funnels) {
      users++;
      for (SessionRecord s : sessions) {
        this.sessions++;
        convertedSessions += s.converted() ? 1 : 0;
        sessionEvents += s.events();
        revenueCents += s.revenueCents();
      }
      for (FunnelRecord f : funnels) {
        this.funnels++;
        if (f.completed()) {
          completed++;
        } else {
          int step = ShopEvent.STEP_NAMES.indexOf(f.stepReached());
          abandonedAt[Math.max(0, Math.min(2, step))]++;
        }
      }
    }

    public long sessions() {
      return sessions;
    }

    public long convertedSessions() {
      return convertedSessions;
    }

    public long revenueCents() {
      return revenueCents;
    }

    public long funnels() {
      return funnels;
    }

    public long completed() {
      return completed;
    }

    /** Abandoned funnels that reached {@code view}, {@code cart} or {@code checkout}. */
    public long abandonedAt(String step) {
      return abandonedAt[ShopEvent.STEP_NAMES.indexOf(step)];
    }

    /** Completed funnels over all funnels; NaN without funnels. */
    public double conversionRate() {
      return funnels == 0 ? Double.NaN : completed / (double) funnels;
    }
  }

  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "truth: %d events; dead-lettered %d, late %d, repeats dropped %d; accepted %d of %d"
                + " users (%d session records read)%n",
            truthEvents, deadLettered, late, repeats, accepted, users, sessionRecords));
    sb.append(String.format("%-24s %12s %12s%n", "figure", "expected", "written"));
    row(sb, "sessions", expected.sessions, written.sessions);
    row(sb, "converted sessions", expected.convertedSessions, written.convertedSessions);
    row(sb, "events in sessions", expected.sessionEvents, written.sessionEvents);
    sb.append(line("revenue", money(expected.revenueCents), money(written.revenueCents)));
    row(sb, "funnels", expected.funnels, written.funnels);
    row(sb, "  completed", expected.completed, written.completed);
    for (String step : List.of("view", "cart", "checkout")) {
      row(sb, "  abandoned at " + step, expected.abandonedAt(step), written.abandonedAt(step));
    }
    sb.append(
        line(
            "conversion rate",
            percent(expected.conversionRate()),
            percent(written.conversionRate())));
    sb.append(
        String.format(
            "funnels open at the end of the input: %d (not expected; %d timed out by the job's"
                + " clock as they would)%n",
            openFunnels, openTimedOut));
    sb.append(
        String.format(
            "%nby script (for information: expected/written)%n%-14s %6s %13s %13s %13s %13s %10s%n",
            "script", "users", "sessions", "converted", "funnels", "completed", "conversion"));
    for (Map.Entry<String, Figures[]> e : byLabel.entrySet()) {
      Figures x = e.getValue()[0];
      Figures w = e.getValue()[1];
      sb.append(
          String.format(
              "%-14s %6d %13s %13s %13s %13s %10s%n",
              e.getKey(),
              x.users,
              x.sessions + "/" + w.sessions,
              x.convertedSessions + "/" + w.convertedSessions,
              x.funnels + "/" + w.funnels,
              x.completed + "/" + w.completed,
              percent(x.conversionRate())));
    }
    if (matches()) {
      sb.append(String.format("%nMATCH: every user's sessions and funnels are as expected%n"));
    } else {
      sb.append(
          String.format(
              "%nMISMATCH: %d users differ; the first %d:%n", usersMismatched, mismatches.size()));
      mismatches.forEach(m -> sb.append(m).append('\n'));
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String label, long expected, long written) {
    sb.append(line(label, Long.toString(expected), Long.toString(written)));
  }

  private static String line(String label, String expected, String written) {
    return String.format(
        "%-24s %12s %12s%s%n", label, expected, written, expected.equals(written) ? "" : "  <-");
  }

  static String money(long cents) {
    return String.format("%d.%02d", cents / 100, Math.abs(cents % 100));
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format("%.1f%%", 100 * share);
  }

  /** Collects the result user by user. */
  static final class Builder {
    private final ClickstreamTruth truth;
    private final Figures expected = new Figures();
    private final Figures written = new Figures();
    private final Map<String, Figures[]> byLabel = new TreeMap<>();
    private final List<String> mismatches = new ArrayList<>();
    private int usersMismatched;
    long deadLettered;
    long late;
    long repeats;
    long accepted;
    long users;
    long sessionRecords;
    long openFunnels;
    long openTimedOut;

    Builder(ClickstreamTruth truth) {
      this.truth = truth;
    }

    void add(
        String user,
        List<SessionRecord> expectedSessions,
        List<SessionRecord> writtenSessions,
        List<FunnelRecord> expectedFunnels,
        List<FunnelRecord> writtenFunnels) {
      expected.add(expectedSessions, expectedFunnels);
      written.add(writtenSessions, writtenFunnels);
      Figures[] label =
          byLabel.computeIfAbsent(
              truth.label(user), l -> new Figures[] {new Figures(), new Figures()});
      label[0].add(expectedSessions, expectedFunnels);
      label[1].add(writtenSessions, writtenFunnels);
    }

    void mismatch(String user, List<String> problems) {
      if (problems.isEmpty()) {
        return;
      }
      usersMismatched++;
      if (mismatches.size() < USERS_SHOWN) {
        StringBuilder sb = new StringBuilder("  " + user + " (" + truth.label(user) + "):");
        problems.stream().limit(PROBLEMS_SHOWN).forEach(p -> sb.append("\n    ").append(p));
        if (problems.size() > PROBLEMS_SHOWN) {
          sb.append("\n    ... ").append(problems.size() - PROBLEMS_SHOWN).append(" more");
        }
        mismatches.add(sb.toString());
      }
    }

    ClickstreamResult build() {
      return new ClickstreamResult(
          truth.events().size(),
          deadLettered,
          late,
          repeats,
          accepted,
          users,
          sessionRecords,
          openFunnels,
          openTimedOut,
          expected,
          written,
          byLabel,
          usersMismatched,
          List.copyOf(mismatches));
    }
  }
}
