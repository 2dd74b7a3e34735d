package dev.sluice.generator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Places the anomalies of each device before any reading is generated, so the truth is known up
 * front and never depends on the record stream. Each device's time after its warm-up is cut into
 * equal slots, one anomaly per slot, kept apart by a quiet gap so two anomalies never overlap and
 * an alert for one is not taken for the next.
 */
final class AnomalyPlanner {

  /** Models need this much history before an anomaly can be told from normal behaviour. */
  static final Duration WARM_UP = Duration.ofHours(6);

  /** Quiet time before and after each anomaly within its slot. */
  static final Duration GAP = Duration.ofMinutes(45);

  private static final AnomalyKind[] KINDS = AnomalyKind.values();

  private AnomalyPlanner() {}

  /** The anomalies of every device, each list in time order. */
  static List<List<PlannedAnomaly>> plan(IotConfig config, int devices) {
    SplittableRandom random = new SplittableRandom(config.seed() ^ 0xA0A1A2A3A4A5L);
    int ticks = config.ticks();
    int warmUp = config.ticksIn(WARM_UP);
    int gap = config.ticksIn(GAP);
    double days = config.duration().toMillis() / 86_400_000.0;
    List<List<PlannedAnomaly>> plan = new ArrayList<>(devices);
    int kindTurn = 0;
    for (int d = 0; d < devices; d++) {
      List<PlannedAnomaly> device = new ArrayList<>();
      plan.add(device);
      int usable = ticks - warmUp;
      double expected = config.anomaliesPerDevicePerDay() * days;
      // Random rounding keeps the fleet's mean at the configured rate for short runs too.
      int count = (int) Math.floor(expected + random.nextDouble());
      if (usable <= 0 || count == 0) {
        continue;
      }
      int slot = usable / count;
      for (int i = 0; i < count; i++) {
        int slotStart = warmUp + i * slot;
        int room = slot - 2 * gap;
        if (room < 1) {
          break; // more anomalies than fit apart: fewer, but honest ones
        }
        // Kinds take turns across the fleet so every kind is represented evenly.
        AnomalyKind kind = KINDS[kindTurn++ % KINDS.length];
        boolean lastSlot = i == count - 1;
        int length = Math.min(room, length(kind, config, random));
        int first = slotStart + gap + random.nextInt(room - length + 1);
        int last = first + length - 1;
        boolean shiftsBack = true;
        if (kind == AnomalyKind.LEVEL_SHIFT && lastSlot && random.nextBoolean()) {
          // A shift that lasts for the rest of the run, as a recalibrated or moved sensor does.
          shiftsBack = false;
          last = ticks - 1;
        }
        if (kind == AnomalyKind.LEVEL_SHIFT && last + 1 >= ticks) {
          shiftsBack = false;
          last = ticks - 1;
        }
        int metric = kind == AnomalyKind.SILENCE ? -1 : random.nextInt(IotDevice.METRICS.size());
        double sigmas = 0;
        if (kind == AnomalyKind.SPIKE) {
          sigmas = sign(random) * between(random, 6, 12);
        } else if (kind == AnomalyKind.LEVEL_SHIFT) {
          sigmas = sign(random) * between(random, 5, 8);
        }
        device.add(new PlannedAnomaly(metric, kind, first, last, sigmas, shiftsBack));
      }
    }
    return plan;
  }

  /** How many readings an anomaly of a kind covers. */
  private static int length(AnomalyKind kind, IotConfig config, SplittableRandom random) {
    return switch (kind) {
      case SPIKE -> 1;
      case LEVEL_SHIFT -> config.ticksIn(minutes(random, 120, 480));
      case VARIANCE_CHANGE -> config.ticksIn(minutes(random, 30, 90));
      case STUCK -> config.ticksIn(minutes(random, 30, 120));
      case SILENCE -> config.ticksIn(minutes(random, 20, 90));
    };
  }

  private static Duration minutes(SplittableRandom random, int low, int high) {
    return Duration.ofMinutes(low + random.nextInt(high - low + 1));
  }

  private static double between(SplittableRandom r, double low, double high) {
    return low + r.nextDouble() * (high - low);
  }

  private static int sign(SplittableRandom r) {
    return r.nextBoolean() ? 1 : -1;
  }
}
