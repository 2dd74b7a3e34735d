package dev.sluice.pipelines.clickstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.ClickstreamConfig;
import dev.sluice.generator.ClickstreamGenerator;
import dev.sluice.kit.AuditedInput;
import dev.sluice.kit.Ingest;
import dev.sluice.testing.PipelineScenario;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit on a real job's outputs (a bounded Direct run on the shared broker) is clean, and each
 * way the committed outputs could be wrong is caught: a funnel lost, a profile written twice, a
 * session's last pane with the wrong clicks, a pane of a session the clicks never made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClickstreamAuditTest {

  @TempDir static Path dir;

  private ClickstreamAudit audit;
  private AuditedInput input;
  private ClickstreamAudit.Written written;

  @BeforeAll
  void runTheJob() {
    PipelineScenario<ClickstreamPipeline.Options> scenario =
        new PipelineScenario<>(ClickstreamPipeline.SPEC, dir);
    ClickstreamGenerator shop =
        new ClickstreamGenerator(
            ClickstreamConfig.defaults(11, 40, Instant.parse("2026-01-05T00:00:00Z")));
    scenario.produce(shop, shop.expectedRecords());
    assertTrue(scenario.runBounded("--runner=DirectRunner").succeeded());
    ClickstreamPipeline.Options o = scenario.options();
    audit = new ClickstreamAudit(ClickstreamPipeline.settings(o));
    input = AuditedInput.read(o, Ingest.parser(o).requiring(new ClickFields()));
    written =
        ClickstreamAudit.Written.read(
            o.getBootstrapServers(),
            o.getSessionsTopic(),
            o.getFunnelsTopic(),
            o.getProfilesTopic());
  }

  @Test
  void theJobsOwnOutputsAreClean() {
    ClickstreamReport report = audit.audit(input, written);
    assertTrue(report.clean(), report.format());
    assertTrue(report.sessions().checked() > 50, report.format());
    assertTrue(report.funnels().checked() > 50, report.format());
    assertTrue(report.profiles().checked() > 100, report.format());
  }

  @Test
  void aLostFunnelAndARepeatedProfileAreCaught() {
    // Early ones, final by any watermark (the partitions come back in no fixed order).
    List<String> funnels = new ArrayList<>(written.funnels());
    funnels.sort(java.util.Comparator.comparing(f -> field(f, "endedAt")));
    funnels.remove(funnels.size() / 4);
    List<String> profiles = new ArrayList<>(written.profiles());
    profiles.add(profiles.get(profiles.size() / 3));
    ClickstreamReport report =
        audit.audit(input, new ClickstreamAudit.Written(written.sessions(), funnels, profiles));
    assertFalse(report.clean(), report.format());
    assertEquals(1, report.funnels().lost(), report.format());
    assertEquals(1, report.profiles().repeated(), report.format());
    assertEquals(1, report.lost(), report.format());
    assertEquals(1, report.duplicated(), report.format());
    // The report names the records, so a chaos failure explains itself.
    assertTrue(report.format().contains("e.g. lost "), report.format());
    assertTrue(report.format().contains("e.g. written 2 times "), report.format());
  }

  @Test
  void aSessionWithTheWrongClicksOrOneNeverMadeIsCaught() {
    List<String> sessions = new ArrayList<>(written.sessions());
    // The earliest session with a single pane: final by any watermark, and its only pane is its
    // last (the topic's partitions come back in no fixed order, so "the last record" would not do).
    String first =
        sessions.stream()
            .filter(
                s ->
                    sessions.stream().filter(o -> sameSession(o, s)).count() == 1
                        && s.contains("\"pane\":0"))
            .min(java.util.Comparator.comparing(s -> field(s, "sessionEnd")))
            .orElseThrow();
    sessions.remove(first);
    sessions.add(first.replaceFirst("\"events\":(\\d+)", "\"events\":1$1"));
    sessions.add(
        first
            .replaceFirst("\"user\":\"[^\"]+\"", "\"user\":\"nobody\"")
            .replaceFirst("\"pane\":\\d+", "\"pane\":7"));
    ClickstreamReport report =
        audit.audit(
            input, new ClickstreamAudit.Written(sessions, written.funnels(), written.profiles()));
    assertEquals(1, report.sessions().wrong(), report.format());
    assertEquals(1, report.sessions().unexpected(), report.format());
    assertTrue(report.format().contains("e.g. unexpected {"), report.format());
    assertTrue(
        report.format().contains("e.g. wrong Session[user=" + field(first, "user")),
        report.format());
  }

  private static boolean sameSession(String a, String b) {
    return field(a, "user").equals(field(b, "user"))
        && field(a, "sessionStart").equals(field(b, "sessionStart"))
        && field(a, "sessionEnd").equals(field(b, "sessionEnd"));
  }

  private static String field(String json, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : "";
  }
}
