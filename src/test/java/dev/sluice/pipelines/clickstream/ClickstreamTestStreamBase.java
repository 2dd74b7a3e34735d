package dev.sluice.pipelines.clickstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.kit.PipelineResources;
import dev.sluice.kit.RunSummary;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.testing.CloudEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * clickstream fed by a TestStream: the sessions' panes per lateness class (on time, a late click
 * that extends a fired session, one that merges two sessions, one too late for any), and the funnel
 * and the profile alone, whatever the arrival order.
 */
abstract class ClickstreamTestStreamBase {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  abstract PipelineOptions options();

  /**
   * The timing of a session that a late click makes behind the watermark ([8, 39) at 41 min): the
   * DirectRunner fires it for the late click (LATE), Flink by the new window's end-of-window timer
   * (ON_TIME). Its content is the same.
   */
  abstract String timingOfSessionBornLate();

  @RegisterExtension
  final TestPipelineExtension extension = TestPipelineExtension.fromOptions(options());

  static org.joda.time.Instant minute(long m) {
    return new org.joda.time.Instant(T0.plusSeconds(60 * m).toEpochMilli());
  }

  static long millis(long m) {
    return T0.plusSeconds(60 * m).toEpochMilli();
  }

  static TimestampedValue<RawRecord> click(
      String id, String user, long minute, Step step, String product, double price) {
    String data =
        "{\"page\":\"/shop/"
            + product
            + "\""
            + (product.isEmpty() ? "" : ",\"product\":\"" + product + "\"")
            + (price > 0 ? ",\"price\":" + price : "")
            + "}";
    String json =
        "{\"specversion\":\"1.0\",\"id\":\""
            + id
            + "\",\"source\":\"/shop/web\",\"type\":\""
            + step.eventType()
            + "\",\"time\":\""
            + T0.plusSeconds(60 * minute)
            + "\",\"subject\":\""
            + user
            + "\",\"data\":"
            + data
            + "}";
    return TimestampedValue.of(CloudEvents.record(json, millis(minute), minute), minute(minute));
  }

  static Clickstream.Settings settings() {
    return new Clickstream.Settings(
        new Clickstream.Queries(
            PipelineResources.text("clickstream/sessions.sql"),
            PipelineResources.text("clickstream/funnel-stats.sql")),
        Duration.standardMinutes(30),
        Duration.standardMinutes(5),
        Duration.standardMinutes(30),
        Duration.standardMinutes(10),
        Duration.standardHours(1),
        true,
        true,
        4);
  }

  static String field(String json, String name) {
    return json.replaceAll(".*\"" + name + "\":\"?([^\",}]*)\"?[,}].*", "$1");
  }

  /** "user [startMinute,endMinute) events=N timing#pane" of a session record. */
  static String session(KV<String, String> kv) {
    String j = kv.getValue();
    long start = Instant.parse(field(j, "sessionStart")).toEpochMilli();
    long end = Instant.parse(field(j, "sessionEnd")).toEpochMilli();
    return kv.getKey()
        + " ["
        + (start - T0.toEpochMilli()) / 60_000
        + ","
        + (end - T0.toEpochMilli()) / 60_000
        + ") events="
        + field(j, "events")
        + " views="
        + field(j, "pageViews")
        + " products="
        + field(j, "distinctProducts")
        + " revenue="
        + field(j, "revenue")
        + " converted="
        + field(j, "converted")
        + " "
        + field(j, "timing")
        + "#"
        + field(j, "pane");
  }

  @Test
  void sessionPanesPerLatenessClass(TestPipeline pipeline) {
    TestStream.Builder<Click> stream =
        TestStream.create(ClickCoder.of())
            // u1 has two sessions 40 minutes apart: [0, 40) and [50, 90); u2 and u3 one each.
            .addElements(
                at(clickOf("u1", 0, Step.VIEW)),
                at(clickOf("u1", 10, Step.VIEW)),
                at(clickOf("u1", 50, Step.VIEW)),
                at(new Click("u1", "/web", "c", Step.CART, millis(55), "", "p-1", "", 30)),
                at(new Click("u1", "/web", "p", Step.PURCHASE, millis(60), "", "p-1", "", 30)),
                at(clickOf("u2", 0, Step.VIEW)),
                at(clickOf("u3", 8, Step.VIEW)))
            // Watermark at 41 min, past the ends of u1's first session (40), u2's (30) and u3's
            // (38): each fires on time. u2's session expired at 36 min (end + 6 min lateness).
            .advanceWatermarkTo(minute(41))
            .addElements(
                // Late by 3 min but within the lateness: u3's session grows to [8, 39).
                at(clickOf("u3", 9, Step.VIEW)),
                // Late, and bridging u1's two sessions ([25, 55) overlaps both): they merge into
                // one session [0, 90) that fires when the watermark passes 90. A merged session is
                // a new window: its panes count from 0 again.
                at(new Click("u1", "/web", "v", Step.VIEW, millis(25), "", "p-2", "", Double.NaN)),
                // Too late: u2's session expired. Beam drops it; the pipeline's gate diverts such
                // a click before it gets here (see the next test).
                at(clickOf("u2", 5, Step.VIEW)))
            // Watermark at 2 h: the merged session fires.
            .advanceWatermarkTo(minute(120));
    PCollection<String> sessions =
        pipeline
            .apply(stream.advanceWatermarkToInfinity())
            .apply(
                new SessionizeClicks(
                    PipelineResources.text("clickstream/sessions.sql"),
                    Duration.standardMinutes(30),
                    Duration.standardMinutes(6)))
            .apply(
                "Sessions",
                MapElements.into(TypeDescriptors.strings())
                    .via(ClickstreamTestStreamBase::session));
    PAssert.that(sessions)
        .containsInAnyOrder(
            "u1 [0,40) events=2 views=2 products=0 revenue=0.0 converted=false ON_TIME#0",
            "u2 [0,30) events=1 views=1 products=0 revenue=0.0 converted=false ON_TIME#0",
            "u3 [8,38) events=1 views=1 products=0 revenue=0.0 converted=false ON_TIME#0",
            "u3 [8,39) events=2 views=2 products=0 revenue=0.0 converted=false "
                + timingOfSessionBornLate()
                + "#0",
            "u1 [0,90) events=6 views=4 products=2 revenue=30.0 converted=true ON_TIME#0");
    // The panes above hold no trace of u2's expired click (Flink counts it in
    // droppedDueToLateness; the DirectRunner drops it uncounted).
    run(pipeline);
  }

  static TimestampedValue<Click> at(Click c) {
    return TimestampedValue.of(c, new org.joda.time.Instant(c.time()));
  }

  @Test
  void thePipelineDropsRepeatsDivertsClicksTooLateForAnySessionAndMergesSessions(
      TestPipeline pipeline) {
    TestStream.Builder<RawRecord> stream =
        TestStream.create(RawRecordCoder.of())
            .addElements(
                click("u1-a", "u1", 0, Step.VIEW, "", 0),
                click("u1-b", "u1", 10, Step.VIEW, "", 0),
                click("u1-c", "u1", 50, Step.VIEW, "", 0),
                click("u1-d", "u1", 55, Step.CART, "p-1", 30),
                click("u1-e", "u1", 60, Step.PURCHASE, "p-1", 30),
                click("u2-a", "u2", 0, Step.VIEW, "", 0),
                click("u3-a", "u3", 8, Step.VIEW, "", 0),
                // A repeat (same source and id) is dropped.
                click("u3-a", "u3", 8, Step.VIEW, "", 0));
    // Watermark to 41 min a minute at a time, as a live source moves it. The gate's clock passes
    // u2's click's expiry (0 + 30 min gap + 5 min lateness, less a grain).
    for (int m = 30; m <= 41; m++) {
      stream = stream.advanceWatermarkTo(minute(m));
    }
    TestStream<RawRecord> input =
        stream
            .addElements(
                click("u3-b", "u3", 9, Step.VIEW, "", 0),
                click("u1-f", "u1", 25, Step.VIEW, "p-2", 0),
                // Too late for any session: the gate diverts it to the late output.
                click("u2-b", "u2", 5, Step.VIEW, "", 0))
            .advanceWatermarkTo(minute(120))
            .advanceWatermarkToInfinity();
    PCollectionTuple out =
        pipeline
            .apply(input)
            .apply(
                new Clickstream(
                    new EventParser(java.time.Duration.ofHours(1)),
                    settings(),
                    RunnerTraits.of(pipeline.getOptions())));
    // Which on-time panes fire before the late clicks arrive depends on how far the gate has
    // let the watermark through (on Flink it holds it longer); the final sessions do not.
    List<String> finals =
        List.of(
            "u2 [0,30) events=1 views=1 products=0 revenue=0.0 converted=false",
            "u3 [8,39) events=2 views=2 products=0 revenue=0.0 converted=false",
            "u1 [0,90) events=6 views=4 products=2 revenue=30.0 converted=true");
    List<String> earlier =
        List.of(
            "u1 [0,40) events=2 views=2 products=0 revenue=0.0 converted=false",
            "u3 [8,38) events=1 views=1 products=0 revenue=0.0 converted=false");
    PAssert.that(
            out.get(Clickstream.SESSIONS)
                .apply(
                    "Sessions",
                    MapElements.into(TypeDescriptors.strings())
                        .via(kv -> session(kv).replaceAll(" [A-Z_]+#\\d+$", ""))))
        .satisfies(
            got -> {
              List<String> all = new ArrayList<>();
              got.forEach(all::add);
              for (String f : finals) {
                assertEquals(1, java.util.Collections.frequency(all, f), f + " in " + all);
              }
              for (String g : all) {
                assertEquals(true, finals.contains(g) || earlier.contains(g), g + " unexpected");
              }
              return null;
            });
    PAssert.that(
            out.get(Clickstream.LATE)
                .apply(
                    "LateIds",
                    MapElements.into(TypeDescriptors.strings())
                        .via((LateEvent l) -> l.event().id())))
        .containsInAnyOrder("u2-b");

    Map<String, Long> c = run(pipeline);
    assertEquals(11L, c.get("records_read"), c.toString());
    assertEquals(1L, c.get("events_duplicate"), c.toString());
    assertEquals(1L, c.get("events_late"), c.toString());
    assertEquals(0L, c.get("droppedDueToLateness"), c.toString());
    assertEquals(9L, c.get(ClickMetrics.CLICKS), c.toString());
    assertEquals(9L, c.get(TrackFunnelsFn.CLICKS), c.toString());
    assertEquals(9L, c.get(ProfileUsersFn.CLICKS), c.toString());
  }

  static Click clickOf(String user, long minute, Step step) {
    return new Click(
        user,
        "/shop/web",
        user + "-" + minute + step,
        step,
        millis(minute),
        "",
        "",
        "",
        Double.NaN);
  }

  /** Every click, newest first: the funnel and the profile must not notice. */
  static TestStream<Click> newestFirst(List<Click> clicks, long... watermarks) {
    List<TimestampedValue<Click>> arrivals = new ArrayList<>();
    for (int i = clicks.size() - 1; i >= 0; i--) {
      Click c = clicks.get(i);
      arrivals.add(TimestampedValue.of(c, new org.joda.time.Instant(c.time())));
    }
    TestStream.Builder<Click> b =
        TestStream.create(ClickCoder.of())
            .addElements(
                arrivals.get(0),
                arrivals.subList(1, arrivals.size()).toArray(new TimestampedValue[0]));
    for (long m : watermarks) {
      b = b.advanceWatermarkTo(minute(m));
    }
    return b.advanceWatermarkToInfinity();
  }

  static String funnel(KV<String, String> kv) {
    String j = kv.getValue();
    long start = Instant.parse(field(j, "funnelStart")).toEpochMilli();
    long end = Instant.parse(field(j, "endedAt")).toEpochMilli();
    return kv.getKey()
        + " "
        + (start - T0.toEpochMilli()) / 60_000
        + ".."
        + (end - T0.toEpochMilli()) / 60_000
        + " "
        + field(j, "outcome")
        + " at "
        + field(j, "stepReached")
        + " "
        + j.replaceAll(".*\"stepTimesMs\":(\\{[^}]*}).*", "$1");
  }

  @Test
  void funnelsAdvanceWithinTheStepTimeoutInEventTimeOrderAndEndByPurchaseOrTimeout(
      TestPipeline pipeline) {
    List<Click> clicks =
        List.of(
            // u1 browses (the second view moves the view step to 10), adds to cart 25 min later,
            // checks out exactly at the 30-min timeout (still in time) and buys: completed.
            clickOf("u1", 0, Step.VIEW),
            clickOf("u1", 10, Step.VIEW),
            clickOf("u1", 35, Step.CART),
            clickOf("u1", 65, Step.CHECKOUT),
            clickOf("u1", 70, Step.PURCHASE),
            // u2 adds to cart and leaves: abandoned at the cart at 5 + 30 min. Back at 100, a new
            // funnel that ends at the view at 130.
            clickOf("u2", 0, Step.VIEW),
            clickOf("u2", 5, Step.CART),
            clickOf("u2", 100, Step.VIEW),
            // u3: a checkout with no funnel open and a purchase that skips steps are ignored.
            clickOf("u3", 0, Step.CHECKOUT),
            clickOf("u3", 1, Step.VIEW),
            clickOf("u3", 2, Step.PURCHASE));
    PCollectionTuple out =
        pipeline
            // Watermark at 1 h: u2's first funnel and u3's have timed out and settled (the
            // clock waits gap + lateness + a grain past a click); the rest wait for the end.
            .apply(newestFirst(clicks, 60, 100))
            .apply(
                new TrackFunnels(
                    PipelineResources.text("clickstream/funnel-stats.sql"),
                    settings().clock(),
                    Duration.standardMinutes(30)));
    PAssert.that(
            out.get(TrackFunnels.FUNNELS)
                .apply(
                    "Funnels",
                    MapElements.into(TypeDescriptors.strings())
                        .via(ClickstreamTestStreamBase::funnel)))
        .containsInAnyOrder(
            "u1 0..70 completed at purchase {\"cart\":1500000,\"checkout\":1800000,\"purchase\":300000}",
            "u2 0..35 abandoned at cart {\"cart\":300000}",
            "u2 100..130 abandoned at view {}",
            "u3 1..31 abandoned at view {}");
    // Funnels by the hour they ended in: u2's first and u3's; u1's at 70 min; u2's second.
    PAssert.that(
            out.get(TrackFunnels.STATS)
                .apply(
                    "Hours",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            kv ->
                                field(kv.getValue(), "windowStart")
                                    + " "
                                    + field(kv.getValue(), "funnels")
                                    + " "
                                    + field(kv.getValue(), "reachedCart")
                                    + " "
                                    + field(kv.getValue(), "purchased")
                                    + " "
                                    + field(kv.getValue(), "conversionRate"))))
        .containsInAnyOrder(
            T0 + " 2 1 0 0.0",
            T0.plusSeconds(3600) + " 1 1 1 1.0",
            T0.plusSeconds(7200) + " 1 0 0 0.0");

    Map<String, Long> c = run(pipeline);
    assertEquals(11L, c.get(TrackFunnelsFn.CLICKS), c.toString());
    assertEquals(1L, c.get(TrackFunnelsFn.COMPLETED), c.toString());
    assertEquals(3L, c.get(TrackFunnelsFn.ABANDONED), c.toString());
  }

  @Test
  void profilesAreEmittedAtMostOncePerIntervalAndForgottenAfterInactivity(TestPipeline pipeline) {
    List<Click> clicks =
        List.of(
            clickOf("u1", 0, Step.VIEW),
            clickOf("u1", 3, Step.VIEW),
            clickOf("u1", 12, Step.CART),
            // A new session: 40 min since the last click.
            clickOf("u1", 52, Step.VIEW),
            clickOf("u1", 55, Step.CHECKOUT),
            clickOf("u2", 0, Step.VIEW));
    PCollection<KV<String, String>> profiles =
        pipeline
            // Watermark at 2 h: every click has settled; u1's last change (55) is emitted at 62.
            .apply(newestFirst(clicks, 120))
            .apply(new ProfileUsers(settings().clock(), settings().profile()));
    PAssert.that(
            profiles.apply(
                "Profiles",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        kv ->
                            kv.getKey()
                                + " "
                                + field(kv.getValue(), "asOf").substring(11, 16)
                                + " sessions="
                                + field(kv.getValue(), "sessions")
                                + " views="
                                + field(kv.getValue(), "views")
                                + " carts="
                                + field(kv.getValue(), "carts"))))
        .containsInAnyOrder(
            // At 0 the first; 3 is within 10 min of it, so it waits for 10; 12 is due again.
            "u1 00:00 sessions=1 views=1 carts=0",
            "u1 00:10 sessions=1 views=2 carts=0",
            "u1 00:20 sessions=1 views=2 carts=1",
            "u1 00:52 sessions=2 views=3 carts=1",
            "u1 01:02 sessions=2 views=3 carts=1",
            "u2 00:00 sessions=1 views=1 carts=0");

    Map<String, Long> c = run(pipeline);
    assertEquals(6L, c.get(ProfileUsersFn.CLICKS), c.toString());
    assertEquals(6L, c.get(ProfileUsersFn.EMITTED), c.toString());
    // Both users idle for the hour-long forget horizon: their state is cleared.
    assertEquals(2L, c.get(ProfileUsersFn.FORGOTTEN), c.toString());
  }

  static Map<String, Long> run(TestPipeline pipeline) {
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return RunSummary.counters(result);
  }
}
