package dev.sluice.pipelines.paymentsrisk;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Field by field, read and written at every payment of a card; Java serialization would cost
 * several times more. A new field goes at the end with a version bump, so older state still reads.
 */
public final class CardFeaturesCoder extends AtomicCoder<CardFeatures> {

  private static final int VERSION = 1;
  private static final CardFeaturesCoder INSTANCE = new CardFeaturesCoder();

  public static CardFeaturesCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(CardFeatures c, OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeByte(VERSION);
    d.writeLong(c.payments);
    d.writeLong(c.lastTime);
    d.writeDouble(c.logMean);
    d.writeDouble(c.logVariance);
    d.writeInt(c.recent.size());
    for (CardFeatures.Recent r : c.recent) {
      d.writeLong(r.time());
      d.writeDouble(r.amount());
      d.writeBoolean(r.country() != null);
      if (r.country() != null) {
        d.writeUTF(r.country());
      }
    }
    d.flush();
  }

  @Override
  public CardFeatures decode(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int version = d.readByte();
    if (version != VERSION) {
      throw new IOException("card state of version " + version + ", this build reads " + VERSION);
    }
    CardFeatures c = new CardFeatures();
    c.payments = d.readLong();
    c.lastTime = d.readLong();
    c.logMean = d.readDouble();
    c.logVariance = d.readDouble();
    int n = d.readInt();
    for (int i = 0; i < n; i++) {
      long time = d.readLong();
      double amount = d.readDouble();
      String country = d.readBoolean() ? d.readUTF() : null;
      c.recent.addLast(new CardFeatures.Recent(time, amount, country));
    }
    return c;
  }

  @Override
  public void verifyDeterministic() {}
}
