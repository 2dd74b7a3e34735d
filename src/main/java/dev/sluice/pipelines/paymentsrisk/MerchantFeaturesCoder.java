package dev.sluice.pipelines.paymentsrisk;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Field by field, as {@link CardFeaturesCoder}: read and written at every wake of a merchant. */
public final class MerchantFeaturesCoder extends AtomicCoder<MerchantFeatures> {

  private static final int VERSION = 1;
  private static final MerchantFeaturesCoder INSTANCE = new MerchantFeaturesCoder();

  public static MerchantFeaturesCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(MerchantFeatures m, OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeByte(VERSION);
    d.writeLong(m.lastTime);
    d.writeInt(m.recent.size());
    for (MerchantFeatures.Recent r : m.recent) {
      d.writeLong(r.time());
      d.writeUTF(r.card());
      d.writeLong(r.cents());
    }
    d.flush();
  }

  @Override
  public MerchantFeatures decode(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int version = d.readByte();
    if (version != VERSION) {
      throw new IOException(
          "merchant state of version " + version + ", this build reads " + VERSION);
    }
    MerchantFeatures m = new MerchantFeatures();
    m.lastTime = d.readLong();
    int n = d.readInt();
    for (int i = 0; i < n; i++) {
      m.recent.addLast(new MerchantFeatures.Recent(d.readLong(), d.readUTF(), d.readLong()));
    }
    return m;
  }

  @Override
  public void verifyDeterministic() {}
}
