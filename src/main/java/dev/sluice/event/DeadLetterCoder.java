package dev.sluice.event;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Hand-written coder for {@link DeadLetter}. */
public final class DeadLetterCoder extends AtomicCoder<DeadLetter> {

  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(DeadLetter.class), INSTANCE);
  }

  @Override
  public void encode(DeadLetter d, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    // Errors can quote input: write them as length-prefixed bytes, not writeUTF (64 KiB cap).
    RawRecordCoder.writeBytes(out, d.error().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.writeUTF(d.stage());
    out.writeLong(d.failedAt().toEpochMilli());
    out.flush();
    RawRecordCoder.of().encode(d.record(), outStream);
  }

  @Override
  public DeadLetter decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    String error =
        new String(RawRecordCoder.readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
    String stage = in.readUTF();
    Instant failedAt = Instant.ofEpochMilli(in.readLong());
    return new DeadLetter(RawRecordCoder.of().decode(inStream), error, stage, failedAt);
  }

  @Override
  public void verifyDeterministic() {}
}
