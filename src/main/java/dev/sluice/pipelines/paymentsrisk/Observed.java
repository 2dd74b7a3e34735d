package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.event.Event;
import dev.sluice.event.EventCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * A payment and its card's features as of it, ready to be scored by whichever rules are in force.
 */
public record Observed(Event event, Features features) {

  /** Scores it: the decision, its JSON and the fields the totals group by. */
  ScoredPayment score(RiskRules rules) {
    Payment p = Payment.of(event).value();
    Decision d = rules.score(event, features);
    return new ScoredPayment(
        event.subject(),
        p.merchant(),
        p.amount(),
        event.eventTimeMillis(),
        d.tier(),
        d.json(event, features));
  }

  static final class Coder extends AtomicCoder<Observed> {
    private static final Coder INSTANCE = new Coder();
    private static final SerializableCoder<Features> FEATURES =
        SerializableCoder.of(Features.class);

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Observed value, OutputStream out) throws IOException {
      EventCoder.of().encode(value.event(), out);
      FEATURES.encode(value.features(), out);
    }

    @Override
    public Observed decode(InputStream in) throws IOException {
      return new Observed(EventCoder.of().decode(in), FEATURES.decode(in));
    }
  }
}
