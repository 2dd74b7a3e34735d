package dev.sluice.pipelines.paymentsrisk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.AuditedInput;
import dev.sluice.kit.OutputLedger;
import dev.sluice.time.SettlingClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks what a payments-risk job committed against its input, recomputed in plain Java: the
 * admitted payments go through the job's own merchant and card steps and rules ({@link
 * PaymentsModel}, which replays them), and each must be decided exactly once, on the topic of its
 * tier, with the same bytes. A payment decided on two tier topics counts as written twice.
 *
 * <p>With a rules topic the rules in force at a payment depend on when the job read each change (a
 * change read behind the watermark applies from the read), so then only the decision's presence and
 * uniqueness are judged, not its tier or bytes. Only decisions final by the input's own watermark
 * are judged.
 */
final class PaymentsRiskAudit {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PaymentsRisk.Settings settings;
  private final SettlingClock clock;
  private final boolean exact;

  PaymentsRiskAudit(PaymentsRisk.Settings settings) {
    this.settings = settings;
    this.clock = settings.clock();
    this.exact = settings.rules().topic().isBlank();
  }

  /** The decisions the job committed, by tier. */
  record Written(Map<Tier, List<String>> byTier) {
    static Written read(String bootstrap, String approve, String review, String block) {
      Map<Tier, List<String>> all = new TreeMap<>();
      all.put(Tier.APPROVE, TopicSnapshot.values(bootstrap, approve));
      all.put(Tier.REVIEW, TopicSnapshot.values(bootstrap, review));
      all.put(Tier.BLOCK, TopicSnapshot.values(bootstrap, block));
      return new Written(all);
    }
  }

  PaymentsRiskReport audit(AuditedInput input, Written written) {
    OutputLedger decisions = new OutputLedger();
    for (ScoredPayment s :
        PaymentsModel.decide(
            input.admitted(), settings.rules().initial(), settings.forgetAfter().getMillis())) {
      decisions.expect(
          identity(s.card(), parse(s.json()).path("payment").asText()),
          value(s.tier(), s.json()),
          s.time());
    }
    long[] counts = new long[Tier.values().length];
    for (Map.Entry<Tier, List<String>> tier : written.byTier().entrySet()) {
      for (String json : tier.getValue()) {
        JsonNode n = parse(json);
        counts[tier.getKey().ordinal()]++;
        decisions.written(
            identity(n.path("card").asText(), n.path("payment").asText()),
            value(tier.getKey(), json),
            Instant.parse(n.path("time").asText()).toEpochMilli());
      }
    }
    long horizon = input.horizon();
    return new PaymentsRiskReport(
        input.records(),
        input.invalid(),
        input.deadLetters(),
        input.deadLettersMissing(),
        input.diversionsRepeated(),
        input.admitted().size(),
        counts,
        exact,
        decisions.tally(t -> clock.settledAt(t) <= horizon));
  }

  private String value(Tier tier, String json) {
    return exact ? tier + "|" + json : "";
  }

  private static String identity(String card, String payment) {
    return card + "|" + payment;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }
}
