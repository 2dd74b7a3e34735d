package dev.sluice.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.ClickstreamConfig;
import dev.sluice.generator.ClickstreamGenerator;
import dev.sluice.generator.ClickstreamTruthWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickstreamEvaluationTest {

  private static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
  private static final long MIN = 60_000;
  private static final Duration GAP = Duration.ofMinutes(30);
  private static final Duration TIMEOUT = Duration.ofMinutes(30);
  private static final long S = TIMEOUT.toMillis();

  private int nextId = 1;

  private ShopEvent event(String user, String type, long minutes) {
    return event(user, type, T0 + minutes * MIN, "p-1", type.equals("purchase") ? 25.5 : 9.99);
  }

  private ShopEvent event(String user, String type, long time, String product, double price) {
    return new ShopEvent("c-" + nextId++, "/shop/web", user, type, time, product, price);
  }

  private static ClickstreamResult evaluate(
      List<ShopEvent> truth,
      RejectedEvents deadLetters,
      RejectedEvents late,
      List<SessionRecord> sessions,
      List<FunnelRecord> funnels) {
    return ClickstreamEvaluation.evaluate(
        new ClickstreamTruth(truth, Map.of("u1", "buyer")),
        deadLetters,
        late,
        sessions,
        funnels,
        GAP,
        TIMEOUT);
  }

  private static ClickstreamResult evaluate(
      List<ShopEvent> truth, List<SessionRecord> sessions, List<FunnelRecord> funnels) {
    return evaluate(truth, new RejectedEvents(), new RejectedEvents(), sessions, funnels);
  }

  private static SessionRecord session(
      long fromMin, long lastMin, long events, long views, long products, long pane) {
    return new SessionRecord(
        "u1",
        T0 + fromMin * MIN,
        T0 + lastMin * MIN + GAP.toMillis(),
        events,
        views,
        products,
        0,
        false,
        pane);
  }

  private static FunnelRecord abandoned(
      long startMin, long endedAt, String step, Map<String, Long> times) {
    return new FunnelRecord("u1", T0 + startMin * MIN, endedAt, "abandoned", step, times);
  }

  @Test
  void aLateEventMergesTwoSessionsAndOnlyTheMergedRecordCounts() {
    ShopEvent bridge = event("u1", "page_view", 30);
    List<ShopEvent> truth =
        List.of(
            event("u1", "page_view", 0),
            event("u1", "page_view", 10),
            event("u1", "page_view", 45),
            bridge);
    // On time, the job saw two sessions; the bridge then merged them into one (pane 1 of it).
    List<SessionRecord> written =
        List.of(
            session(0, 10, 2, 2, 1, 0),
            session(45, 45, 1, 1, 1, 0),
            session(0, 45, 4, 4, 1, 0),
            session(0, 45, 4, 4, 1, 1));
    List<FunnelRecord> funnels = List.of();
    ClickstreamResult result = evaluate(truth, written, funnels);
    assertTrue(result.matches(), result.toTable());
    assertEquals(1, result.expected().sessions());
    assertEquals(1, result.written().sessions());

    // Had the bridge gone to the late topic instead, two sessions are right and one is wrong.
    RejectedEvents late = new RejectedEvents();
    late.add(cloudEvent(bridge), Map.of());
    // ... and the funnel opened at 0 is abandoned 30 min after the view at 10, before the one at
    // 45.
    List<FunnelRecord> abandonedAtView = List.of(abandoned(0, T0 + 10 * MIN + S, "view", Map.of()));
    ClickstreamResult apart =
        evaluate(truth, new RejectedEvents(), late, written.subList(0, 2), abandonedAtView);
    assertTrue(apart.matches(), apart.toTable());
    assertEquals(1, apart.late());
    assertEquals(2, apart.expected().sessions());
    assertFalse(evaluate(truth, new RejectedEvents(), late, written, abandonedAtView).matches());
  }

  @Test
  void eventsExactlyOneGapApartAreTwoSessions() {
    List<ShopEvent> truth = List.of(event("u1", "page_view", 0), event("u1", "page_view", 30));
    ClickstreamResult result =
        evaluate(truth, List.of(session(0, 0, 1, 1, 1, 0), session(30, 30, 1, 1, 1, 0)), List.of());
    assertTrue(result.matches(), result.toTable());
  }

  @Test
  void aStepExactlyAtTheTimeoutAdvancesOneMillisecondLaterAbandons() {
    List<ShopEvent> truth =
        List.of(
            event("u1", "page_view", T0, "p-1", 9.99),
            event("u1", "add_to_cart", T0 + S, "p-1", 9.99),
            event("u1", "checkout", T0 + 2 * S + 1, "p-1", 9.99),
            event("u1", "purchase", T0 + 2 * S + 2 * MIN, "p-1", 9.99));
    ClickstreamReplay.Funnels replay =
        ClickstreamReplay.funnels("u1", sorted(truth), TIMEOUT.toMillis());
    // Abandoned at the cart when its timeout passed; checkout and purchase then find no funnel.
    FunnelRecord expected = abandoned(0, T0 + 2 * S, "cart", Map.of("cart", S));
    assertEquals(List.of(expected), replay.ended());
    assertEquals(null, replay.openUntilTimeout());
    ClickstreamResult result = evaluate(truth, sessionsOf(truth), List.of(expected));
    assertTrue(result.matches(), result.toTable());
    assertEquals(0, result.expected().completed());
    assertEquals(1, result.expected().abandonedAt("cart"));
  }

  @Test
  void pageViewsMoveTheViewStep() {
    List<ShopEvent> truth =
        List.of(
            event("u1", "page_view", 0),
            event("u1", "page_view", 20),
            event("u1", "page_view", 40),
            event("u1", "add_to_cart", 65),
            event("u1", "page_view", 66),
            event("u1", "checkout", 70),
            event("u1", "purchase", 75));
    FunnelRecord completed =
        new FunnelRecord(
            "u1",
            T0,
            T0 + 75 * MIN,
            "completed",
            "purchase",
            Map.of("cart", 25 * MIN, "checkout", 5 * MIN, "purchase", 5 * MIN));
    ClickstreamResult result = evaluate(truth, sessionsOf(truth), List.of(completed));
    assertTrue(result.matches(), result.toTable());
    assertEquals(1.0, result.written().conversionRate());
    assertEquals(2550, result.expected().revenueCents());
  }

  @Test
  void aRepeatIsDroppedAndDeadLettersAreExcluded() {
    ShopEvent view = event("u1", "page_view", 0);
    ShopEvent repeat = new ShopEvent(view.id(), view.source(), "u1", "page_view", T0, "p-1", 9.99);
    ShopEvent rejected = event("u1", "page_view", 5);
    ShopEvent binary = event("u1", "page_view", 6);
    List<ShopEvent> truth = List.of(view, event("u1", "page_view", 10), repeat, rejected, binary);
    RejectedEvents deadLetters = new RejectedEvents();
    // A JSON dead letter embeds the original; a raw one of a binary event keeps its ce_* headers.
    String envelope =
        "{\"error\":\"bad\",\"stage\":\"parse\",\"rawValue\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(
                new String(cloudEvent(rejected), StandardCharsets.UTF_8))
            + ",\"rawValueEncoding\":\"utf8\",\"headers\":{}}";
    deadLetters.add(envelope.getBytes(StandardCharsets.UTF_8), Map.of());
    deadLetters.add(
        "{}".getBytes(StandardCharsets.UTF_8),
        Map.of("ce_id", binary.id(), "ce_source", "/shop/web"));
    deadLetters.add("{\"id\":".getBytes(StandardCharsets.UTF_8), Map.of());
    List<SessionRecord> written = List.of(session(0, 10, 2, 2, 1, 0));
    ClickstreamResult result =
        evaluate(truth, deadLetters, new RejectedEvents(), written, List.of());
    assertTrue(result.matches(), result.toTable());
    assertEquals(1, result.repeats());
    assertEquals(2, result.deadLettered());
    assertEquals(1, deadLetters.unidentified());
  }

  @Test
  void aMismatchIsListed() {
    List<ShopEvent> truth = List.of(event("u1", "page_view", 0), event("u1", "add_to_cart", 5));
    FunnelRecord wrongStep = abandoned(0, T0 + 5 * MIN + S, "view", Map.of());
    FunnelRecord right = abandoned(0, T0 + 5 * MIN + S, "cart", Map.of("cart", 5 * MIN));
    // Still open at the end: not expected, but accepted when the job's clock timed it out.
    assertTrue(evaluate(truth, sessionsOf(truth), List.of()).matches());
    ClickstreamResult timedOut = evaluate(truth, sessionsOf(truth), List.of(right));
    assertTrue(timedOut.matches(), timedOut.toTable());
    assertEquals(1, timedOut.openTimedOut());
    ClickstreamResult result = evaluate(truth, sessionsOf(truth), List.of(wrongStep));
    assertFalse(result.matches());
    assertEquals(1, result.usersMismatched());
    assertTrue(result.toTable().contains("MISMATCH"), result.toTable());
    assertTrue(result.mismatches().get(0).contains("unexpected funnel"), result.toTable());
  }

  @Test
  void recordsParseFromThePipelinesJson() {
    SessionRecord s =
        SessionRecord.parse(
            "{\"user\":\"u1\",\"sessionStart\":\"2026-01-05T10:00:00Z\","
                + "\"sessionEnd\":\"2026-01-05T10:40:00.500Z\",\"events\":3,\"pageViews\":2,"
                + "\"distinctProducts\":1,\"revenue\":59.9,\"converted\":true,"
                + "\"timing\":\"LATE\",\"pane\":{\"index\":2}}");
    assertEquals(5990, s.revenueCents());
    assertEquals(2, s.pane());
    assertEquals(T0 + 40 * MIN + 500, s.endMillis());
    FunnelRecord f =
        FunnelRecord.parse(
            "{\"user\":\"u1\",\"funnelStart\":\"2026-01-05T10:00:00Z\",\"endedAt\":"
                + "\"2026-01-05T10:35:00Z\",\"outcome\":\"abandoned\",\"stepReached\":\"cart\","
                + "\"stepTimesMs\":{\"cart\":300000}}");
    assertEquals(abandoned(0, T0 + 35 * MIN, "cart", Map.of("cart", 5 * MIN)), f);
  }

  @Test
  void theGeneratorsTruthAgainstItsOwnReplay(@TempDir Path dir) throws Exception {
    ClickstreamGenerator generator =
        new ClickstreamGenerator(
            ClickstreamConfig.defaults(3, 60, Instant.parse("2026-01-05T00:00:00Z")));
    Path file = dir.resolve("truth.jsonl");
    ClickstreamTruthWriter.write(generator, file);
    ClickstreamTruth truth = ClickstreamTruth.read(file);
    assertEquals(generator.truth().size(), truth.events().size());
    assertEquals("bot", truth.label("bot-1"));
    List<SessionRecord> sessions = new ArrayList<>();
    List<FunnelRecord> funnels = new ArrayList<>();
    for (String user : truth.labels().keySet()) {
      List<ShopEvent> events =
          sorted(truth.events().stream().filter(e -> e.user().equals(user)).toList());
      sessions.addAll(ClickstreamReplay.sessions(user, events, GAP.toMillis()));
      funnels.addAll(ClickstreamReplay.funnels(user, events, S).ended());
    }
    ClickstreamResult result =
        ClickstreamEvaluation.evaluate(
            truth, new RejectedEvents(), new RejectedEvents(), sessions, funnels, GAP, TIMEOUT);
    assertTrue(result.matches(), result.toTable());
    Map<String, ClickstreamResult.Figures[]> byLabel = result.byLabel();
    assertTrue(byLabel.get("buyer")[0].completed() > 0, result.toTable());
    assertEquals(0, byLabel.get("browser")[0].completed(), result.toTable());
    assertEquals(0, byLabel.get("bot")[0].convertedSessions(), result.toTable());
    assertTrue(byLabel.get("multi-session")[0].sessions() > 0, result.toTable());
  }

  @Test
  void sessionsAreBeamsMergedWindowsAndEarlierPanesAreSuperseded(@TempDir Path dir)
      throws Exception {
    ClickstreamGenerator generator =
        new ClickstreamGenerator(
            ClickstreamConfig.defaults(9, 80, Instant.parse("2026-01-05T00:00:00Z")));
    Path file = dir.resolve("truth.jsonl");
    ClickstreamTruthWriter.write(generator, file);
    ClickstreamTruth truth = ClickstreamTruth.read(file);
    java.util.Set<String> lateIds = new java.util.HashSet<>();
    generator.truth().stream()
        .filter(t -> t.kind() == dev.sluice.generator.RecordKind.LATE_WITHIN)
        .forEach(t -> lateIds.add(t.id()));
    assertTrue(lateIds.size() > 5);
    List<SessionRecord> written = new ArrayList<>();
    List<FunnelRecord> funnels = new ArrayList<>();
    for (String user : truth.labels().keySet()) {
      List<ShopEvent> events =
          sorted(truth.events().stream().filter(e -> e.user().equals(user)).toList());
      List<SessionRecord> merged = ClickstreamReplay.sessions(user, events, GAP.toMillis());
      assertEquals(beamWindows(events), windows(merged), user);
      // On time the job saw no late click; the late ones then extended or merged sessions.
      List<ShopEvent> onTime = events.stream().filter(e -> !lateIds.contains(e.id())).toList();
      written.addAll(ClickstreamReplay.sessions(user, onTime, GAP.toMillis()));
      merged.forEach(
          m ->
              written.add(
                  new SessionRecord(
                      m.user(),
                      m.startMillis(),
                      m.endMillis(),
                      m.events(),
                      m.pageViews(),
                      m.distinctProducts(),
                      m.revenueCents(),
                      m.converted(),
                      1)));
      funnels.addAll(ClickstreamReplay.funnels(user, events, S).ended());
    }
    ClickstreamResult result =
        ClickstreamEvaluation.evaluate(
            truth, new RejectedEvents(), new RejectedEvents(), written, funnels, GAP, TIMEOUT);
    assertTrue(result.matches(), result.toTable());
    assertTrue(result.sessionRecords() > result.written().sessions());
  }

  /** Beam's way: a window [t, t + gap) per event, overlapping windows merged until none overlap. */
  private static List<List<Long>> beamWindows(List<ShopEvent> events) {
    List<long[]> windows = new ArrayList<>();
    for (ShopEvent e : events) {
      long[] w = {e.timeMillis(), e.timeMillis() + GAP.toMillis()};
      for (java.util.Iterator<long[]> it = windows.iterator(); it.hasNext(); ) {
        long[] o = it.next();
        if (o[0] < w[1] && w[0] < o[1]) {
          w = new long[] {Math.min(o[0], w[0]), Math.max(o[1], w[1])};
          it.remove();
        }
      }
      windows.add(w);
    }
    windows.sort((a, b) -> Long.compare(a[0], b[0]));
    return windows.stream().map(w -> List.of(w[0], w[1])).toList();
  }

  private static List<List<Long>> windows(List<SessionRecord> sessions) {
    return sessions.stream().map(s -> List.of(s.startMillis(), s.endMillis())).toList();
  }

  private List<SessionRecord> sessionsOf(List<ShopEvent> truth) {
    return ClickstreamReplay.sessions("u1", sorted(truth), GAP.toMillis());
  }

  private static List<ShopEvent> sorted(List<ShopEvent> events) {
    List<ShopEvent> out = new ArrayList<>(events);
    out.sort(ShopEvent::byTime);
    return out;
  }

  private static byte[] cloudEvent(ShopEvent e) {
    return ("{\"specversion\":\"1.0\",\"id\":\""
            + e.id()
            + "\",\"source\":\""
            + e.source()
            + "\",\"type\":\""
            + e.type()
            + "\",\"time\":\""
            + Instant.ofEpochMilli(e.timeMillis())
            + "\",\"subject\":\"u1\",\"data\":{\"page\":\"/\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
