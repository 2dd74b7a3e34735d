package dev.sluice.generator;

import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * An endless feed of events in event-time order with the defects a live feed has: about 5%
 * disordered within 2 s, 0.5% repeated within 10 s, 0.2% cut short or mistyped, 0.4% held back
 * 30-90 s (late for short windows). Subclasses make the events; this decides how they arrive.
 */
abstract class LiveFeed implements Iterator<GeneratedRecord> {

  private record Held(long release, long seq, GeneratedRecord record) {}

  protected final SplittableRandom random;
  private final PriorityQueue<Held> held =
      new PriorityQueue<>(
          (a, b) ->
              a.release != b.release
                  ? Long.compare(a.release, b.release)
                  : Long.compare(a.seq, b.seq));
  private long seq;

  LiveFeed(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The event time of the next event {@link #event} will make. */
  protected abstract long nextTime();

  /** The next event, on time and valid. */
  protected abstract GeneratedRecord event();

  /** The same event broken as a producer breaks it (cut short, a field of the wrong type). */
  protected abstract GeneratedRecord malformed(GeneratedRecord event);

  @Override
  public final boolean hasNext() {
    return true;
  }

  @Override
  public final GeneratedRecord next() {
    while (true) {
      if (!held.isEmpty() && held.peek().release() <= nextTime()) {
        return held.poll().record();
      }
      GeneratedRecord r = event();
      long time = r.eventTime().toEpochMilli();
      double roll = random.nextDouble();
      if (roll < 0.002) {
        return malformed(r);
      }
      if (random.nextDouble() < 0.005) {
        hold(time + 1000 + random.nextLong(9000), withKind(r, RecordKind.DUPLICATE));
      }
      if (roll < 0.006) {
        hold(time + 30_000 + random.nextLong(60_000), withKind(r, RecordKind.LATE_BEYOND));
      } else if (roll < 0.06) {
        hold(time + 200 + random.nextLong(1800), r);
      } else {
        return r;
      }
    }
  }

  private void hold(long release, GeneratedRecord r) {
    held.add(new Held(release, seq++, r));
  }

  static GeneratedRecord withKind(GeneratedRecord r, RecordKind kind) {
    return new GeneratedRecord(
        r.key(),
        r.value(),
        r.headers(),
        kind,
        r.binary(),
        r.eventTime(),
        r.source(),
        r.id(),
        r.dataValue());
  }
}
