package dev.sluice.pipelines.paymentsrisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.kit.PipelineSpec;
import dev.sluice.pipelines.Pipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options of payments-risk as a user gives them. */
class PaymentsRiskPipelineTest {

  static PaymentsRiskPipeline.Options parse(String... extra) {
    List<String> args = new ArrayList<>(PaymentsRiskPipeline.SPEC.exampleArgs());
    // Built, not run: the DirectRunner, whatever the build profile's default runner needs.
    args.add("--runner=DirectRunner");
    args.addAll(List.of(extra));
    return PaymentsRiskPipeline.SPEC.parse(args.toArray(new String[0]));
  }

  @Test
  void theDefaultsScoreWithTheShippedRulesAndTheExampleBuilds() {
    PaymentsRiskPipeline.Options o = parse();
    PaymentsRisk.Settings s = PaymentsRiskPipeline.settings(o);
    assertEquals(RiskRules.fromClasspath().rules().size(), s.rules().initial().rules().size());
    assertEquals(Duration.standardSeconds(30), s.allowedLateness());
    assertEquals(Duration.standardDays(7), s.forgetAfter());
    assertEquals(new PaymentsRisk.Gate(true, true, 32), s.gate());
    assertEquals(
        List.of("risk-approve", "risk-review", "risk-block", "risk-totals"),
        PaymentsRiskPipeline.SPEC.outputTopics(o));
    assertEquals("", s.rules().topic());
    PaymentsRiskPipeline.build(o);
    PaymentsRiskPipeline.Options withTopic = parse("--rulesTopic=risk-rules");
    assertEquals(List.of("risk-rules"), PaymentsRiskPipeline.SPEC.controlTopics(withTopic));
    PaymentsRiskPipeline.build(withTopic);
  }

  @Test
  void aRulesFileIsReadAndABrokenOneIsRefusedNamingTheRule(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.yaml");
    Files.writeString(
        good,
        "version: 2\ntiers: {review: 10, block: 20}\nrules:\n"
            + "  - {name: big, weight: 20, when: {field: data.amount, range: {min: 1000}}}\n");
    PaymentsRisk.Settings s = PaymentsRiskPipeline.settings(parse("--rules=" + good));
    assertEquals(2, s.rules().initial().version());

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        "version: 3\ntiers: {review: 10, block: 20}\nrules:\n"
            + "  - {name: fast, weight: 20, when: {field: features.count5m, range: {min: 3}}}\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PaymentsRiskPipeline.settings(parse("--rules=" + bad)));
    assertTrue(e.getMessage().startsWith("--rules " + bad), e.getMessage());
    assertTrue(e.getMessage().contains("rule 'fast'"), e.getMessage());
  }

  /**
   * Beam refuses one option name with two defaults in a JVM: payments-risk's options must parse
   * beside every catalogued pipeline's, as they will once it joins the catalogue.
   */
  @Test
  void theOptionsLiveBesideTheCataloguedPipelines() {
    for (PipelineSpec<?> spec : Pipelines.all().values()) {
      spec.parse(spec.exampleArgs().toArray(new String[0]));
    }
    PaymentsRiskPipeline.Options o = parse();
    assertEquals("7d", o.getForgetCardsAfter());
    for (PipelineSpec<?> spec : Pipelines.all().values()) {
      spec.parse(spec.exampleArgs().toArray(new String[0]));
    }
  }

  @Test
  void aLateTopicIsRequiredWhileLatePaymentsAreCaptured() {
    assertThrows(
        IllegalArgumentException.class, () -> PaymentsRiskPipeline.build(parse("--lateTopic=")));
  }
}
