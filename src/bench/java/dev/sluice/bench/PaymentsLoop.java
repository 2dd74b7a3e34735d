package dev.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.event.Event;
import dev.sluice.event.Rfc3339;
import dev.sluice.kit.Ingest;
import dev.sluice.pipelines.paymentsrisk.Payment;
import dev.sluice.pipelines.paymentsrisk.PaymentsModel;
import dev.sluice.pipelines.paymentsrisk.PaymentsRisk;
import dev.sluice.pipelines.paymentsrisk.PaymentsRiskPipeline;
import dev.sluice.pipelines.paymentsrisk.ScoredPayment;
import dev.sluice.pipelines.paymentsrisk.Tier;
import dev.sluice.transforms.SluiceMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * payments-risk's work in a {@link PlainLoop}, for its bench row: repeats of (source, id) dropped
 * as the payments are read, then the pipeline's own scoring without Beam ({@link PaymentsModel}:
 * the merchant step per merchant and the card step per card in event-time order, then the rules),
 * each decision to its tier's topic and the hourly totals per merchant and per tier to the totals
 * topic. It holds the whole input until the end, as a batch job would: no watermark, so no payment
 * is late and none is diverted; the pipeline's decisions are those minus its late ones.
 */
public final class PaymentsLoop extends PlainLoop {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HOUR = 3_600_000L;

  private final PaymentsRisk.Settings settings;
  private final PaymentsRiskPipeline.Options options;
  private final List<Event> admitted = Collections.synchronizedList(new ArrayList<>());

  private PaymentsLoop(PaymentsRiskPipeline.Options options) {
    this.options = options;
    this.settings = PaymentsRiskPipeline.settings(options);
  }

  public static void main(String[] args) {
    PaymentsRiskPipeline.Options o = PaymentsRiskPipeline.SPEC.parse(args);
    new PaymentsLoop(o)
        .run(o, Ingest.parser(o).requiring(Payment.EXTRACTOR), PaymentsRiskPipeline.SPEC);
  }

  @Override
  protected void accept(Event event, KafkaProducer<byte[], byte[]> out) {
    if (firstTime(event)) {
      count(SluiceMetrics.AGGREGATED, 1);
      admitted.add(event);
    } else {
      count(SluiceMetrics.DUPLICATES, 1);
    }
  }

  @Override
  protected void finish(KafkaProducer<byte[], byte[]> out) {
    List<ScoredPayment> decisions =
        PaymentsModel.decide(
            admitted, settings.rules().initial(), settings.forgetAfter().getMillis());
    Map<String, long[]> byMerchant = new TreeMap<>();
    Map<String, long[]> byTier = new TreeMap<>();
    for (ScoredPayment p : decisions) {
      count("payments_scored", 1);
      String topic =
          switch (p.tier()) {
            case APPROVE -> {
              count("payments_approved", 1);
              yield options.getApproveTopic();
            }
            case REVIEW -> {
              count("payments_reviewed", 1);
              yield options.getReviewTopic();
            }
            case BLOCK -> {
              count("payments_blocked", 1);
              yield options.getBlockTopic();
            }
          };
      out.send(text(topic, p.card(), p.json()));
      long hour = Math.floorDiv(p.time(), HOUR) * HOUR;
      long cents = Math.round(p.amount() * 100);
      long[] m =
          byMerchant.computeIfAbsent(
              (p.merchant() == null ? "" : p.merchant()) + '\u0000' + hour, k -> new long[4]);
      m[0]++;
      m[1] += cents;
      m[2] += p.tier() == Tier.REVIEW ? 1 : 0;
      m[3] += p.tier() == Tier.BLOCK ? 1 : 0;
      long[] t = byTier.computeIfAbsent(p.tier().label() + '\u0000' + hour, k -> new long[2]);
      t[0]++;
      t[1] += cents;
    }
    byMerchant.forEach((k, v) -> out.send(total("merchant", k, v)));
    byTier.forEach((k, v) -> out.send(total("tier", k, v)));
  }

  /** One hourly total, in the fields of the pipeline's SQL rows. */
  private org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> total(
      String stats, String key, long[] v) {
    String name = key.substring(0, key.indexOf('\u0000'));
    long hour = Long.parseLong(key.substring(key.indexOf('\u0000') + 1));
    ObjectNode n = JSON.createObjectNode();
    n.put("stats", stats);
    n.put(stats, name);
    n.put("window_start", Rfc3339.format(hour));
    n.put("payments", v[0]);
    n.put("amount_cents", v[1]);
    if (v.length > 2) {
      n.put("reviewed", v[2]);
      n.put("blocked", v[3]);
    }
    n.put("timing", "ON_TIME");
    return text(options.getTotalsTopic(), name, n.toString());
  }
}
