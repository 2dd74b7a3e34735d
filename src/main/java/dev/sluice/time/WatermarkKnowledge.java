package dev.sluice.time;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a keyed step has learned about its input watermark: the largest window expiry one of its
 * event-time timers has seen the watermark pass. The watermark is the same for every key of a step
 * instance, so a fact learned under one key holds for all, and a key never seen before can be
 * judged by what other keys learned.
 *
 * <p>Scope matters. On Flink each parallel instance of a step has its own input watermark, so the
 * knowledge stays with the instance ({@link #perInstance()}): a faster instance's knowledge would
 * call events late that this one's downstream still accepts. Runners with one watermark per step
 * (Direct) run a step's keys in many DoFn copies, so there it is shared by the JVM ({@link
 * #perJvm()}).
 */
public final class WatermarkKnowledge implements java.io.Serializable {

  private static final long serialVersionUID = 1L;
  private static final Map<String, AtomicLong> SHARED = new ConcurrentHashMap<>();

  private final String sharedId;
  private transient AtomicLong own;

  private WatermarkKnowledge(String sharedId) {
    this.sharedId = sharedId;
  }

  public static WatermarkKnowledge perJvm() {
    return new WatermarkKnowledge(UUID.randomUUID().toString());
  }

  public static WatermarkKnowledge perInstance() {
    return new WatermarkKnowledge(null);
  }

  private AtomicLong value() {
    if (sharedId != null) {
      return SHARED.computeIfAbsent(sharedId, k -> new AtomicLong(Long.MIN_VALUE));
    }
    if (own == null) {
      own = new AtomicLong(Long.MIN_VALUE);
    }
    return own;
  }

  /** The largest expiry known to be behind the watermark, or {@link Long#MIN_VALUE}. */
  public long expiredThrough() {
    return value().get();
  }

  /** Records that the watermark has passed {@code expiry}; returns what is known now. */
  public long learn(long expiry) {
    return value().accumulateAndGet(expiry, Math::max);
  }
}
