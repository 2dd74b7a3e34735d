package dev.sluice.pipelines.paymentsrisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.PaymentsConfig;
import dev.sluice.generator.PaymentsGenerator;
import dev.sluice.kit.AuditedInput;
import dev.sluice.kit.Ingest;
import dev.sluice.testing.PipelineScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit on a real job's decisions (a bounded Direct run on the shared broker) is clean, and
 * each way committed decisions could be wrong is caught: one lost, one written twice, one on the
 * wrong tier's topic (so on two, as a move would leave it), one with other bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentsRiskAuditTest {

  @TempDir static Path dir;

  private PaymentsRiskAudit audit;
  private AuditedInput input;
  private PaymentsRiskAudit.Written written;

  @BeforeAll
  void runTheJob() {
    PipelineScenario<PaymentsRiskPipeline.Options> scenario =
        new PipelineScenario<>(PaymentsRiskPipeline.SPEC, dir);
    PaymentsGenerator cards =
        new PaymentsGenerator(
            new PaymentsConfig(
                5, 80, Instant.parse("2026-01-05T00:00:00Z"), Duration.ofDays(1), 0.05, null));
    scenario.produce(cards, cards.expectedRecords());
    assertTrue(scenario.runBounded("--runner=DirectRunner").succeeded());
    PaymentsRiskPipeline.Options o = scenario.options();
    audit = new PaymentsRiskAudit(PaymentsRiskPipeline.settings(o));
    input = AuditedInput.read(o, Ingest.parser(o).requiring(Payment.EXTRACTOR));
    written =
        PaymentsRiskAudit.Written.read(
            o.getBootstrapServers(), o.getApproveTopic(), o.getReviewTopic(), o.getBlockTopic());
  }

  private Map<Tier, List<String>> copy() {
    Map<Tier, List<String>> c = new EnumMap<>(Tier.class);
    written.byTier().forEach((t, l) -> c.put(t, new ArrayList<>(l)));
    return c;
  }

  @Test
  void theJobsOwnDecisionsAreClean() {
    PaymentsRiskReport report = audit.audit(input, written);
    assertTrue(report.clean(), report.format());
    assertTrue(report.checked() > 500, report.format());
    assertTrue(!written.byTier().get(Tier.BLOCK).isEmpty(), "some payment is blocked");
  }

  @Test
  void aLostARepeatedAMovedAndAnAlteredDecisionAreEachCaught() {
    Map<Tier, List<String>> c = copy();
    List<String> approve = c.get(Tier.APPROVE);
    // Early decisions, final by any watermark (the partitions come back in no fixed order).
    approve.sort(java.util.Comparator.comparing(d -> d.substring(d.indexOf("\"time\""))));
    approve.remove(10); // lost
    approve.add(approve.get(20)); // twice
    c.get(Tier.REVIEW).add(approve.get(30)); // on a second tier's topic as well
    approve.set(40, approve.get(40).replaceFirst("\"score\":(\\d+)", "\"score\":9$1")); // altered
    PaymentsRiskReport report = audit.audit(input, new PaymentsRiskAudit.Written(c));
    assertEquals(1, report.decisions().lost(), report.format());
    assertEquals(2, report.decisions().repeated(), report.format());
    assertEquals(1, report.decisions().wrong(), report.format());
  }
}
