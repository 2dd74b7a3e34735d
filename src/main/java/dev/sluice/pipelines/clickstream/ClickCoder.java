package dev.sluice.pipelines.clickstream;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;

/** A compact, deterministic coding of a {@link Click} for shuffles and state. */
public final class ClickCoder extends CustomCoder<Click> {

  private static final ClickCoder INSTANCE = new ClickCoder();

  public static ClickCoder of() {
    return INSTANCE;
  }

  private ClickCoder() {}

  @Override
  public void encode(Click c, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeUTF(c.user());
    out.writeUTF(c.source());
    out.writeUTF(c.id());
    out.writeByte(c.step().ordinal());
    out.writeLong(c.time());
    out.writeUTF(c.page());
    out.writeUTF(c.product());
    out.writeUTF(c.category());
    out.writeDouble(c.price());
    out.flush();
  }

  @Override
  public Click decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    return new Click(
        in.readUTF(),
        in.readUTF(),
        in.readUTF(),
        Step.values()[in.readByte()],
        in.readLong(),
        in.readUTF(),
        in.readUTF(),
        in.readUTF(),
        in.readDouble());
  }

  @Override
  public void verifyDeterministic() {}
}
