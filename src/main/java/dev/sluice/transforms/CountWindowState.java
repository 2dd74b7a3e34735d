package dev.sluice.transforms;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * One key's count-window machine: how many positions it has numbered, the newest placed event (the
 * frontier an event must not fall behind) and the values of the positions a window still to be
 * emitted needs: at most L, from the first position of the earliest such window to the newest.
 */
public final class CountWindowState {

  /** One position's event time and value. */
  record Held(long time, double value) {}

  long placed;

  /** Positions in some window but in no emitted window yet. */
  long unresolved;

  long lastTime;
  String lastSource;
  String lastId;
  final ArrayDeque<Held> held = new ArrayDeque<>();

  /** Positions numbered so far (the newest event's position). */
  public long placed() {
    return placed;
  }

  /** How many values the state keeps; never more than the window length. */
  public int heldValues() {
    return held.size();
  }

  /** Positions in a window not yet complete: what a forgotten key leaves incomplete. */
  public long unresolved() {
    return unresolved;
  }

  /** Field by field; the held values oldest first. */
  public static final class Coder extends AtomicCoder<CountWindowState> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(CountWindowState s, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeLong(s.placed);
      out.writeLong(s.unresolved);
      out.writeLong(s.lastTime);
      out.writeUTF(s.lastSource);
      out.writeUTF(s.lastId);
      out.writeInt(s.held.size());
      for (Held h : s.held) {
        out.writeLong(h.time());
        out.writeDouble(h.value());
      }
      out.flush();
    }

    @Override
    public CountWindowState decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      CountWindowState s = new CountWindowState();
      s.placed = in.readLong();
      s.unresolved = in.readLong();
      s.lastTime = in.readLong();
      s.lastSource = in.readUTF();
      s.lastId = in.readUTF();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        s.held.add(new Held(in.readLong(), in.readDouble()));
      }
      return s;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
