package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.event.Event;
import dev.sluice.event.EventCoder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * A payment and its merchant's features as of it ({@link ObserveMerchantsFn}), on its way to the
 * card's step.
 *
 * @param merchant null for a payment without a merchant
 */
public record AtMerchant(Event event, MerchantFeatures.Counts merchant) {

  static final class Coder extends AtomicCoder<AtMerchant> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(AtMerchant value, OutputStream out) throws IOException {
      EventCoder.of().encode(value.event(), out);
      DataOutputStream d = new DataOutputStream(out);
      d.writeBoolean(value.merchant() != null);
      if (value.merchant() != null) {
        d.writeInt(value.merchant().cards30m());
        d.writeInt(value.merchant().similarAmount30m());
      }
      d.flush();
    }

    @Override
    public AtMerchant decode(InputStream in) throws IOException {
      Event event = EventCoder.of().decode(in);
      DataInputStream d = new DataInputStream(in);
      MerchantFeatures.Counts m =
          d.readBoolean() ? new MerchantFeatures.Counts(d.readInt(), d.readInt()) : null;
      return new AtMerchant(event, m);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
