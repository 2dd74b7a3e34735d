package dev.sluice.pipelines.clickstream;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * A user's funnel in progress: when it started, the step reached and when each step was reached.
 * While at the view step, every page view moves that step's time: the user is still browsing.
 */
public final class OpenFunnel {

  final long start;
  Step reached;
  final long[] at = new long[Step.values().length];

  OpenFunnel(long start) {
    this.start = start;
    this.reached = Step.VIEW;
    this.at[Step.VIEW.ordinal()] = start;
  }

  long reachedAt() {
    return at[reached.ordinal()];
  }

  /** Its coder, for state. */
  public static final class Coder extends CustomCoder<OpenFunnel> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(OpenFunnel f, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeLong(f.start);
      out.writeByte(f.reached.ordinal());
      for (long t : f.at) {
        out.writeLong(t);
      }
      out.flush();
    }

    @Override
    public OpenFunnel decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      OpenFunnel f = new OpenFunnel(in.readLong());
      f.reached = Step.values()[in.readByte()];
      for (int i = 0; i < f.at.length; i++) {
        f.at[i] = in.readLong();
      }
      return f;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
