package dev.sluice.kafka;

import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.RawRecord;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * What a crashed run already wrote to one topic, as a multiset of record fingerprints: 8 bytes per
 * distinct record, so it travels inside the job. Two records with one fingerprint are the same
 * record; a pipeline that legitimately writes one record twice is served by the counts.
 */
public final class WrittenRecords implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long[] fingerprints;
  private final int[] counts;

  private WrittenRecords(long[] fingerprints, int[] counts) {
    this.fingerprints = fingerprints;
    this.counts = counts;
  }

  public static WrittenRecords of(Map<Long, Integer> counted) {
    TreeMap<Long, Integer> sorted = new TreeMap<>(counted);
    long[] f = new long[sorted.size()];
    int[] c = new int[sorted.size()];
    int i = 0;
    for (Map.Entry<Long, Integer> e : sorted.entrySet()) {
      f[i] = e.getKey();
      c[i++] = e.getValue();
    }
    return new WrittenRecords(f, c);
  }

  /** How many copies of the record with this fingerprint are already on the topic. */
  public int count(long fingerprint) {
    int i = Arrays.binarySearch(fingerprints, fingerprint);
    return i < 0 ? 0 : counts[i];
  }

  /** Records already written, copies included. */
  public long total() {
    return Arrays.stream(counts).asLongStream().sum();
  }

  /**
   * A record's identity across runs: key, value and headers; for a dead letter, the key and its
   * {@code sluice.error.*} context except when it failed (wall-clock time, different on every run),
   * which is also why its value (in the JSON format, holding that time) is left out.
   */
  public static long fingerprint(byte[] key, byte[] value, Iterable<RawRecord.Header> headers) {
    boolean deadLetter = false;
    for (RawRecord.Header h : headers) {
      deadLetter |= h.name().equals(DeadLetterFormat.OFFSET);
    }
    Hash hash = new Hash();
    hash.add(key);
    if (!deadLetter) {
      hash.add(value);
    }
    for (RawRecord.Header h : headers) {
      if (deadLetter
          && (!h.name().startsWith("sluice.error.") || h.name().equals(DeadLetterFormat.TIMESTAMP))
          && !h.name().equals(ReplayRun.HEADER)) {
        continue;
      }
      hash.add(h.name().getBytes(StandardCharsets.UTF_8));
      hash.add(h.value());
    }
    return hash.value();
  }

  public static long fingerprint(RawRecord r) {
    return fingerprint(r.key(), r.value(), r.headers());
  }

  /**
   * The same with {@code identity} standing for the value (null: the value itself): for an output
   * whose records carry details that may differ between runs of the same input (a pane's isLast).
   */
  public static long fingerprint(RawRecord r, SerializableFunction<RawRecord, byte[]> identity) {
    return fingerprint(r.key(), identity == null ? r.value() : identity.apply(r), r.headers());
  }

  /** 64-bit FNV-1a over length-prefixed parts, finished with a mix (collisions ~n^2/2^65). */
  private static final class Hash {
    private long h = 0xcbf29ce484222325L;

    void add(byte[] bytes) {
      int n = bytes == null ? -1 : bytes.length;
      for (int s = 0; s < 32; s += 8) {
        step((byte) (n >>> s));
      }
      if (bytes != null) {
        for (byte b : bytes) {
          step(b);
        }
      }
    }

    private void step(byte b) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }

    long value() {
      long z = h;
      z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
      z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
      return z ^ (z >>> 33);
    }
  }
}
