package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.rules.RuleChange;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Comparator;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** What a scoring shard receives: a payment to score, or a rule change (every shard gets each). */
record ScoreInput(Observed payment, RuleChange change) {

  static ScoreInput of(Observed payment) {
    return new ScoreInput(payment, null);
  }

  static ScoreInput of(RuleChange change) {
    return new ScoreInput(null, change);
  }

  long time() {
    return change != null ? change.effectiveFrom() : payment.event().eventTimeMillis();
  }

  /** By time; at one time a change first (it applies from its time on), then payments in order. */
  static final Comparator<ScoreInput> ORDER =
      Comparator.comparingLong(ScoreInput::time)
          .thenComparing(i -> i.change() == null)
          .thenComparing(
              (a, b) ->
                  a.change() != null
                      ? Long.compare(a.change().version(), b.change().version())
                      : ObserveCardsFn.ORDER.compare(a.payment().event(), b.payment().event()));

  static final class Coder extends AtomicCoder<ScoreInput> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(ScoreInput value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      if (value.payment() != null) {
        data.writeBoolean(true);
        Observed.Coder.of().encode(value.payment(), out);
      } else {
        data.writeBoolean(false);
        data.writeLong(value.change().version());
        data.writeLong(value.change().effectiveFrom());
        StringUtf8Coder.of().encode(value.change().text(), out);
      }
    }

    @Override
    public ScoreInput decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      if (data.readBoolean()) {
        return ScoreInput.of(Observed.Coder.of().decode(in));
      }
      long version = data.readLong();
      long from = data.readLong();
      return ScoreInput.of(new RuleChange(version, from, StringUtf8Coder.of().decode(in)));
    }
  }
}
