package dev.sluice.pipelines.paymentsrisk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.event.Event;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.kit.PipelineResources;
import dev.sluice.kit.RunSummary;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.testing.CloudEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * payments-risk fed by a TestStream: lateness classes at the gate, decisions independent of arrival
 * order (byte for byte the pure model's), the tiers and totals of a card-testing burst, and the
 * scoring step alone forgetting a card.
 */
abstract class PaymentsRiskTestStreamBase {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  abstract PipelineOptions options();

  @RegisterExtension
  final TestPipelineExtension extension = TestPipelineExtension.fromOptions(options());

  static long millis(long seconds) {
    return T0.plusSeconds(seconds).toEpochMilli();
  }

  static org.joda.time.Instant at(long seconds) {
    return new org.joda.time.Instant(millis(seconds));
  }

  /** A payment of {@code card} {@code seconds} after T0, as the generator writes it. */
  record Pay(String id, String card, long seconds, String amount, String merchant, String channel) {

    String json() {
      return "{\"specversion\":\"1.0\",\"id\":\""
          + id
          + "\",\"source\":\"/payments/test\",\"type\":\"payment.authorized\",\"time\":\""
          + T0.plusSeconds(seconds)
          + "\",\"subject\":\""
          + card
          + "\",\"datacontenttype\":\"application/json\",\"data\":{\"amount\":"
          + amount
          + ",\"currency\":\"EUR\",\"merchant\":\""
          + merchant
          + "\",\"country\":\"FR\",\"channel\":\""
          + channel
          + "\"}}";
    }

    TimestampedValue<RawRecord> record(long offset) {
      return TimestampedValue.of(CloudEvents.record(json(), millis(seconds), offset), at(seconds));
    }

    Event event() {
      return TestPayments.parse(json().getBytes(StandardCharsets.UTF_8), millis(seconds));
    }
  }

  static Pay pay(String id, String card, long seconds, String amount) {
    return new Pay(id, card, seconds, amount, "m-12", "pos");
  }

  static PaymentsRisk.Settings settings() {
    return settings(PaymentsRisk.RulesSource.fixed(RiskRules.fromClasspath()));
  }

  static PaymentsRisk.Settings settings(PaymentsRisk.RulesSource rules) {
    return new PaymentsRisk.Settings(
        rules,
        new TotalPayments.Queries(
            PipelineResources.text("payments-risk/merchant-totals.sql"),
            PipelineResources.text("payments-risk/tier-totals.sql")),
        Duration.standardMinutes(1),
        Duration.standardDays(7),
        new PaymentsRisk.Gate(true, true, 4));
  }

  PCollectionTuple risk(TestPipeline pipeline, TestStream<RawRecord> input) {
    return risk(pipeline, input, settings());
  }

  PCollectionTuple risk(
      TestPipeline pipeline, TestStream<RawRecord> input, PaymentsRisk.Settings settings) {
    return pipeline
        .apply(input)
        .apply(
            new PaymentsRisk(
                TestPayments.PARSER, settings, RunnerTraits.of(pipeline.getOptions())));
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "payment tier payments=N since=MS" of a decision. */
  static String decision(KV<String, String> kv) {
    JsonNode d = parse(kv.getValue());
    JsonNode f = d.get("features");
    return d.get("payment").asText()
        + " "
        + d.get("tier").asText()
        + " payments="
        + f.get("payments").asText()
        + " since="
        + f.get("sincePreviousMs").asText();
  }

  static PCollection<KV<String, String>> allTiers(PCollectionTuple out) {
    return PCollectionList.of(out.get(PaymentsRisk.APPROVED))
        .and(out.get(PaymentsRisk.REVIEW))
        .and(out.get(PaymentsRisk.BLOCKED))
        .apply("AllTiers", Flatten.pCollections());
  }

  static PCollection<String> ids(PCollection<KV<String, String>> decisions, String name) {
    return decisions.apply(
        name,
        MapElements.into(TypeDescriptors.strings())
            .via(kv -> parse(kv.getValue()).get("payment").asText()));
  }

  @Test
  void paymentsOnTimeAndLateWithinTheLatenessAreScoredInOrderLaterOnesGoToTheLateOutput(
      TestPipeline pipeline) {
    TestStream.Builder<RawRecord> stream =
        TestStream.create(RawRecordCoder.of())
            .addElements(
                pay("c1-a", "c1", 0, "25.00").record(0), pay("c2-a", "c2", 30, "40.00").record(1));
    // Watermark to 2 min, 10 s at a time as a live source moves it. The gate (10 s grain, 1 min
    // lateness) expires c1-a's window [0, 10) at 70 s and c2-a's [30, 40) at 100 s; c1-a has
    // settled at 80 s (expiry + a grain) and is scored then, c2-a at 110 s.
    for (long s = 10; s <= 120; s += 10) {
      stream = stream.advanceWatermarkTo(at(s));
    }
    TestStream<RawRecord> input =
        stream
            .addElements(
                // 25 s behind the watermark but its window [90, 100) expires only at 160 s: late
                // within the lateness, admitted, and scored after c1-a as the card's second.
                pay("c1-b", "c1", 95, "30.00").record(2),
                // Its window [30, 40) expired at 100 s: too late to be scored in order, so the
                // gate diverts it to the late output; c2's features never see it.
                pay("c2-b", "c2", 35, "50.00").record(3))
            // Watermark to 3 min: c1-b settles at 170 s and is scored.
            .advanceWatermarkTo(at(180))
            .advanceWatermarkToInfinity();
    PCollectionTuple out = risk(pipeline, input);
    PAssert.that(
            out.get(PaymentsRisk.APPROVED)
                .apply(
                    "Decisions",
                    MapElements.into(TypeDescriptors.strings())
                        .via(PaymentsRiskTestStreamBase::decision)))
        .containsInAnyOrder(
            "c1-a approve payments=1 since=null",
            "c2-a approve payments=1 since=null",
            "c1-b approve payments=2 since=95000");
    PAssert.that(out.get(PaymentsRisk.REVIEW)).empty();
    PAssert.that(out.get(PaymentsRisk.BLOCKED)).empty();
    PAssert.that(
            out.get(PaymentsRisk.LATE)
                .apply(
                    "LateIds",
                    MapElements.into(TypeDescriptors.strings())
                        .via((LateEvent l) -> l.event().id())))
        .containsInAnyOrder("c2-b");

    Map<String, Long> c = run(pipeline);
    assertEquals(4L, c.get("records_read"), c.toString());
    assertEquals(1L, c.get("events_late"), c.toString());
    assertEquals(3L, c.get("events_aggregated"), c.toString());
    assertEquals(3L, c.get(RiskMetrics.SCORED), c.toString());
    assertEquals(3L, c.get(RiskMetrics.APPROVED), c.toString());
    assertEquals(0L, c.getOrDefault("droppedDueToLateness", 0L), c.toString());
  }

  /**
   * card-t tests a stolen number (five charges under 3 EUR within 40 s), card-n pays as usual,
   * card-a once. Shared by the tier and the arrival-order cases. t-1 and t-2 share a 10 s grain, so
   * they settle together and only the step's sort orders them; t-3 and t-4 share a millisecond,
   * ordered by id.
   */
  static final List<Pay> DAY =
      List.of(
          new Pay("t-1", "card-t", 600, "1.00", "m-7", "web"),
          new Pay("t-2", "card-t", 603, "2.50", "m-7", "web"),
          new Pay("t-3", "card-t", 620, "0.50", "m-7", "web"),
          new Pay("t-4", "card-t", 620, "1.99", "m-7", "web"),
          new Pay("t-5", "card-t", 640, "2.99", "m-7", "web"),
          pay("n-1", "card-n", 0, "30.00"),
          pay("n-2", "card-n", 1200, "35.50"),
          pay("n-3", "card-n", 3000, "28.00"),
          pay("a-1", "card-a", 300, "60.00"));

  static TestStream<RawRecord> arriving(List<Pay> payments) {
    List<TimestampedValue<RawRecord>> records = new ArrayList<>();
    for (int i = 0; i < payments.size(); i++) {
      records.add(payments.get(i).record(i));
    }
    TestStream.Builder<RawRecord> b =
        TestStream.create(RawRecordCoder.of())
            .addElements(
                records.get(0),
                records.subList(1, records.size()).toArray(new TimestampedValue[0]));
    // Every payment is in before the watermark moves: the arrival order is all that differs.
    for (long s = 600; s <= 3600; s += 600) {
      b = b.advanceWatermarkTo(at(s));
    }
    return b.advanceWatermarkToInfinity();
  }

  @Test
  void aCardTestingBurstIsReviewedThenBlockedEachPaymentInExactlyOneTierWithTotals(
      TestPipeline pipeline) {
    PCollectionTuple out = risk(pipeline, arriving(DAY));
    // t-1 is the card's first: nothing to compare with. t-2 is tiny right after another (50:
    // review); from t-3 on, three or more in a minute under 5 EUR (80 + 50: block).
    PAssert.that(ids(out.get(PaymentsRisk.APPROVED), "Approved"))
        .containsInAnyOrder("t-1", "n-1", "n-2", "n-3", "a-1");
    PAssert.that(ids(out.get(PaymentsRisk.REVIEW), "Reviewed")).containsInAnyOrder("t-2");
    PAssert.that(ids(out.get(PaymentsRisk.BLOCKED), "Blocked"))
        .containsInAnyOrder("t-3", "t-4", "t-5");
    // Every payment once over the three outputs.
    PAssert.that(ids(allTiers(out), "AllIds"))
        .containsInAnyOrder(DAY.stream().map(Pay::id).toList());
    PAssert.that(
            out.get(PaymentsRisk.TOTALS)
                .apply(
                    "Totals",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            kv -> {
                              JsonNode t = parse(kv.getValue());
                              return t.get("stats").asText()
                                  + " "
                                  + kv.getKey()
                                  + " "
                                  + t.get("windowStart").asText()
                                  + " payments="
                                  + t.get("payments").asText()
                                  + " cents="
                                  + t.get("amountCents").asText()
                                  + (t.has("blocked")
                                      ? " reviewed="
                                          + t.get("reviewed").asText()
                                          + " blocked="
                                          + t.get("blocked").asText()
                                      : "")
                                  + " "
                                  + t.get("timing").asText();
                            })))
        .containsInAnyOrder(
            "merchant m-7 " + T0 + " payments=5 cents=898 reviewed=1 blocked=3 ON_TIME",
            "merchant m-12 " + T0 + " payments=4 cents=15350 reviewed=0 blocked=0 ON_TIME",
            "tier approve " + T0 + " payments=5 cents=15450 ON_TIME",
            "tier review " + T0 + " payments=1 cents=250 ON_TIME",
            "tier block " + T0 + " payments=3 cents=548 ON_TIME");

    Map<String, Long> c = run(pipeline);
    assertEquals(9L, c.get("events_aggregated"), c.toString());
    assertEquals(9L, c.get(RiskMetrics.SCORED), c.toString());
    assertEquals(5L, c.get(RiskMetrics.APPROVED), c.toString());
    assertEquals(1L, c.get(RiskMetrics.REVIEWED), c.toString());
    assertEquals(3L, c.get(RiskMetrics.BLOCKED), c.toString());
  }

  /** The pure model's decisions: per merchant, then per card, in event-time order. */
  static List<String> reference(List<Pay> payments) {
    return PaymentsModel.decide(
            payments.stream().map(Pay::event).toList(),
            RiskRules.fromClasspath(),
            Duration.standardDays(7).getMillis())
        .stream()
        .map(ScoredPayment::json)
        .toList();
  }

  void assertDecisionsAreTheModels(TestPipeline pipeline, List<Pay> arrival) {
    assertDecisionsAreTheModels(pipeline, arrival, DAY);
  }

  void assertDecisionsAreTheModels(TestPipeline pipeline, List<Pay> arrival, List<Pay> payments) {
    PCollectionTuple out = risk(pipeline, arriving(arrival));
    PAssert.that(
            allTiers(out)
                .apply("Json", MapElements.into(TypeDescriptors.strings()).via(KV::getValue)))
        .containsInAnyOrder(reference(payments));
    run(pipeline);
  }

  /**
   * Five cards charged about 700 at one merchant within minutes, newest first: the merchant step
   * counts them in event-time order (ties by id) before each card's step, as the model does.
   */
  @Test
  void aMerchantAttackIsTheModelsWhateverTheArrivalOrder(TestPipeline pipeline) {
    List<Pay> newestFirst = new ArrayList<>(PaymentsModelTest.ATTACK);
    newestFirst.sort(Comparator.comparingLong(Pay::seconds).reversed());
    assertDecisionsAreTheModels(pipeline, newestFirst, PaymentsModelTest.ATTACK);
  }

  @Test
  void decisionsAreTheSameBytesNewestFirst(TestPipeline pipeline) {
    List<Pay> newestFirst = new ArrayList<>(DAY);
    newestFirst.sort(Comparator.comparingLong(Pay::seconds).reversed());
    assertDecisionsAreTheModels(pipeline, newestFirst);
  }

  @Test
  void decisionsAreTheSameBytesShuffled(TestPipeline pipeline) {
    List<Pay> shuffled = new ArrayList<>(DAY);
    Collections.shuffle(shuffled, new Random(12));
    assertDecisionsAreTheModels(pipeline, shuffled);
  }

  @Test
  void theCardsStepForgetsACardIdlePastTheHorizon(TestPipeline pipeline) {
    // c1 pays at 0 and 30 s, again at 1 h 30 (its hour's payments were dropped at 1 h 00 30, its
    // habit kept), then nothing until 4 h: forgotten at 3 h 30 (2 h horizon), it starts afresh.
    List<Pay> payments =
        List.of(
            pay("c1-a", "c1", 0, "20.00"),
            pay("c1-b", "c1", 30, "22.00"),
            pay("c1-c", "c1", 5400, "21.00"),
            pay("c1-d", "c1", 14400, "19.00"),
            pay("c2-a", "c2", 0, "80.00"));
    TestStream.Builder<KV<String, AtMerchant>> b =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), AtMerchant.Coder.of()));
    // Newest first: the step must sort them.
    for (int i = payments.size() - 1; i >= 0; i--) {
      Pay p = payments.get(i);
      b =
          b.addElements(
              TimestampedValue.of(
                  KV.of(p.card(), new AtMerchant(p.event(), null)), at(p.seconds())));
    }
    // Watermark at 3 h 40: c1 has been forgotten (3 h 30 settled), c2 too (2 h).
    b = b.advanceWatermarkTo(at(13200));
    PCollection<String> observed =
        pipeline
            .apply(b.advanceWatermarkToInfinity())
            .apply(ParDo.of(new ObserveCardsFn(settings().clock(), 2 * 3_600_000)))
            .setCoder(Observed.Coder.of())
            .apply(
                "Features",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        (Observed o) ->
                            o.event().id()
                                + " payments="
                                + o.features().payments()
                                + " since="
                                + o.features().sincePreviousMs()
                                + " count1h="
                                + o.features().count1h()));
    PAssert.that(observed)
        .containsInAnyOrder(
            "c1-a payments=1 since=null count1h=1",
            "c1-b payments=2 since=30000 count1h=2",
            "c1-c payments=3 since=5370000 count1h=1",
            "c1-d payments=1 since=null count1h=1",
            "c2-a payments=1 since=null count1h=1");

    Map<String, Long> c = run(pipeline);
    // c1 at 3 h 30, c2 at 2 h, and c1 again when the input ends: no card's state is left.
    assertEquals(3L, c.get(RiskMetrics.FORGOTTEN), c.toString());
  }

  static final String RULES_TOPIC = "risk-rules";

  /** A rule file on the rules topic, published at {@code seconds} after T0. */
  static TimestampedValue<RawRecord> rules(String text, long seconds, long offset) {
    RawRecord r =
        new RawRecord(
            RULES_TOPIC,
            0,
            offset,
            millis(seconds),
            "rules".getBytes(StandardCharsets.UTF_8),
            text.getBytes(StandardCharsets.UTF_8),
            List.of());
    return TimestampedValue.of(r, at(seconds));
  }

  @Test
  void aNewerRulesVersionAppliesFromItsTimestampABadOrOlderOneIsRefused(TestPipeline pipeline) {
    String v2 =
        "version: 2\ntiers: {review: 50, block: 80}\nrules:\n"
            + "  - {name: large, weight: 100, when: {field: data.amount, range: {min: 500}}}\n";
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .addElements(
                // The same 600 EUR first payment before, at and after v3's time: the shipped rules
                // see nothing in a card's first payment; v3 blocks it from 10 min on.
                pay("before", "c1", 120, "600.00").record(0),
                pay("at", "c2", 600, "600.00").record(1),
                pay("after", "c3", 1200, "600.00").record(2),
                // A misspelt feature at 5 min: refused, a dead letter; the shipped rules stay.
                rules(
                    v2.replace("version: 2", "version: 4").replace("data.amount", "features.x"),
                    300,
                    0),
                rules(v2.replace("version: 2", "version: 3"), 600, 1),
                // Version 2 at 15 min: valid but not newer than 3, refused by the shards; v3 stays.
                rules(v2, 900, 2))
            .advanceWatermarkTo(at(600))
            .advanceWatermarkTo(at(1200))
            .advanceWatermarkTo(at(1800))
            .advanceWatermarkToInfinity();
    PCollectionTuple out =
        risk(
            pipeline,
            input,
            settings(new PaymentsRisk.RulesSource(RiskRules.fromClasspath(), RULES_TOPIC, 2)));
    PAssert.that(ids(out.get(PaymentsRisk.APPROVED), "Approved")).containsInAnyOrder("before");
    PAssert.that(ids(out.get(PaymentsRisk.BLOCKED), "Blocked")).containsInAnyOrder("at", "after");
    PAssert.that(out.get(PaymentsRisk.REVIEW)).empty();
    PAssert.that(
            out.get(PaymentsRisk.DEAD_LETTERS)
                .apply(
                    "Refused",
                    MapElements.into(TypeDescriptors.strings())
                        .via(d -> d.stage() + " " + d.record().offset())))
        .containsInAnyOrder("rules 0");

    Map<String, Long> c = run(pipeline);
    assertEquals(3L, c.get(RiskMetrics.SCORED), c.toString());
    assertEquals(1L, c.get(RiskMetrics.RULES_APPLIED), c.toString());
    // The misspelt file when checked, version 2 by the shard that speaks for all.
    assertEquals(2L, c.get(RiskMetrics.RULES_REFUSED), c.toString());
  }

  static Map<String, Long> run(TestPipeline pipeline) {
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return RunSummary.counters(result);
  }
}
