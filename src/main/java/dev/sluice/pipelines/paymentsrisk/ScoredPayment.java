package dev.sluice.pipelines.paymentsrisk;

import java.io.Serializable;

/**
 * One payment's decision as the pipeline passes it on: the decision JSON for the tier topics and
 * the few fields the totals group by.
 *
 * @param merchant null when the payment names none
 * @param json {@link Decision#json}, the bytes written to the tier's topic
 */
public record ScoredPayment(
    String card, String merchant, double amount, long time, Tier tier, String json)
    implements Serializable {}
