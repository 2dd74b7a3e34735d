package dev.sluice.pipelines.iottelemetry;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Field by field, read and written at every scoring step; Java serialization would cost several
 * times more. A new field goes at the end with a version bump, so older state still reads.
 */
final class SeriesStateCoder extends AtomicCoder<SeriesState> {

  private static final int VERSION = 1;
  private static final SeriesStateCoder INSTANCE = new SeriesStateCoder();

  static SeriesStateCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(SeriesState s, OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeByte(VERSION);
    d.writeLong(s.readings);
    d.writeLong(s.lastTime);
    d.writeDouble(s.lastValue);
    d.writeDouble(s.level);
    d.writeDouble(s.trend);
    d.writeDouble(s.absError);
    d.writeDouble(s.recentError);
    d.writeDouble(s.shift);
    d.writeDouble(s.absChange);
    d.writeDouble(s.interval);
    d.writeDouble(s.runValue);
    d.writeLong(s.runStart);
    d.writeInt(s.runLength);
    d.writeInt(s.longestRun);
    d.writeLong(s.episodeUntil);
    d.writeBoolean(s.stuckRaised);
    d.writeBoolean(s.silenceRaised);
    d.writeByte(s.recentCount);
    for (int i = 0; i < s.recentCount; i++) {
      d.writeDouble(s.recent[i]);
    }
    d.flush();
  }

  @Override
  public SeriesState decode(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int version = d.readByte();
    if (version != VERSION) {
      throw new IOException("series state of version " + version + ", this build reads " + VERSION);
    }
    SeriesState s = new SeriesState();
    s.readings = d.readLong();
    s.lastTime = d.readLong();
    s.lastValue = d.readDouble();
    s.level = d.readDouble();
    s.trend = d.readDouble();
    s.absError = d.readDouble();
    s.recentError = d.readDouble();
    s.shift = d.readDouble();
    s.absChange = d.readDouble();
    s.interval = d.readDouble();
    s.runValue = d.readDouble();
    s.runStart = d.readLong();
    s.runLength = d.readInt();
    s.longestRun = d.readInt();
    s.episodeUntil = d.readLong();
    s.stuckRaised = d.readBoolean();
    s.silenceRaised = d.readBoolean();
    s.recentCount = d.readByte();
    for (int i = 0; i < s.recentCount; i++) {
      s.recent[i] = d.readDouble();
    }
    return s;
  }

  @Override
  public void verifyDeterministic() {}
}
