package dev.sluice.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One card's legitimate habits: a home country, a daily rhythm in local time, a few favourite
 * merchants, typical amounts (log-normal around the card's own median). Heavy users pay many times
 * a day and now and then buy something big; travellers fly once, with a gap of hours, and pay
 * abroad after landing.
 */
final class PaymentCard {

  record Country(String code, int utcOffset, String region) {}

  static final List<Country> COUNTRIES =
      List.of(
          new Country("FR", 1, "eu"),
          new Country("DE", 1, "eu"),
          new Country("ES", 1, "eu"),
          new Country("IT", 1, "eu"),
          new Country("NL", 1, "eu"),
          new Country("BE", 1, "eu"),
          new Country("PT", 0, "eu"),
          new Country("IE", 0, "eu"),
          new Country("PL", 1, "eu"),
          new Country("SE", 1, "eu"),
          new Country("US", -5, "am"),
          new Country("BR", -3, "am"),
          new Country("MX", -6, "am"),
          new Country("JP", 9, "as"),
          new Country("SG", 8, "as"),
          new Country("IN", 5, "as"),
          new Country("AU", 10, "oc"),
          new Country("ZA", 2, "af"));

  private static final int EUROPEAN = 10;
  static final int MERCHANTS = 500;
  private static final long HOUR_MS = 3_600_000;

  /** Relative payment intensity per local hour, mean 1: quiet nights, busy days. */
  private static final double[] RHYTHM = new double[24];

  static {
    for (int h = 0; h < 24; h++) {
      RHYTHM[h] = h < 7 ? 0.15 : h < 10 ? 0.8 : h < 21 ? 1.2 : 0.6;
    }
    double mean = java.util.Arrays.stream(RHYTHM).average().orElse(1);
    for (int h = 0; h < 24; h++) {
      RHYTHM[h] /= mean;
    }
  }

  private static final double RHYTHM_MAX = java.util.Arrays.stream(RHYTHM).max().orElse(1);

  final int index;
  final String name;
  final Country home;
  final boolean heavy;
  final boolean traveller;
  final double perDay;
  final double medianAmount;
  final double sigma;
  final int[] favourites;
  final double webShare;
  final double motoShare;

  PaymentCard(int index, SplittableRandom r) {
    this.index = index;
    this.name = "card-" + index;
    home = COUNTRIES.get(r.nextDouble() < 0.9 ? r.nextInt(EUROPEAN) : r.nextInt(COUNTRIES.size()));
    heavy = r.nextDouble() < 0.15;
    traveller = r.nextDouble() < 0.1;
    perDay = heavy ? 15 + r.nextDouble() * 35 : Math.min(12, Math.max(1, logNormal(r, 4, 0.5)));
    medianAmount =
        heavy ? 20 + r.nextDouble() * 130 : Math.min(400, Math.max(3, logNormal(r, 35, 0.6)));
    sigma = 0.4 + r.nextDouble() * (heavy ? 0.5 : 0.4);
    favourites = new int[3 + r.nextInt(6)];
    for (int i = 0; i < favourites.length; i++) {
      favourites[i] = r.nextInt(MERCHANTS);
    }
    webShare = r.nextDouble() * 0.5;
    motoShare = r.nextDouble() < 0.1 ? 0.05 : 0;
  }

  /** The card's legitimate payments over the run, in time order. */
  List<PlannedPayment> legit(PaymentsConfig config, SplittableRandom r) {
    long start = config.startMillis();
    long end = config.endMillis();
    long span = end - start;
    long departure = traveller ? start + (long) (span * (0.1 + 0.6 * r.nextDouble())) : end;
    long arrival = departure + (long) ((3 + 7 * r.nextDouble()) * HOUR_MS);
    Country abroad = COUNTRIES.get(r.nextInt(COUNTRIES.size()));
    if (abroad.equals(home)) {
      abroad = COUNTRIES.get((COUNTRIES.indexOf(home) + 1) % COUNTRIES.size());
    }
    List<PlannedPayment> out = new ArrayList<>();
    double meanGapMs = 86_400_000.0 / (perDay * RHYTHM_MAX);
    long t = start;
    while (true) {
      t += (long) (-meanGapMs * StrictMath.log(1 - r.nextDouble())) + 1;
      if (t >= end) {
        return out;
      }
      Country where = t >= arrival ? abroad : home;
      int localHour = (int) Math.floorMod((t / HOUR_MS) + where.utcOffset(), 24L);
      // Thinning: accepted with the rhythm's share of its peak (a Poisson process per hour).
      if (r.nextDouble() * RHYTHM_MAX > RHYTHM[localHour] || (t >= departure && t < arrival)) {
        continue;
      }
      double amount = logNormal(r, medianAmount, sigma);
      if (heavy && r.nextDouble() < 0.03) {
        amount *= 4 + 8 * r.nextDouble(); // a laptop, a flight, a sofa
      }
      int merchant =
          r.nextDouble() < 0.9 ? favourites[r.nextInt(favourites.length)] : anyMerchant(r);
      String channel = channel(r);
      out.add(payment(t, amount, merchant, where.code(), channel, null));
      if (r.nextDouble() < 0.03 && t + 60_000 < end) {
        // Paying twice at the same till: a forgotten item, a split bill.
        t += 10_000 + r.nextInt(50_000);
        out.add(
            payment(
                t, logNormal(r, medianAmount / 2, sigma), merchant, where.code(), channel, null));
      }
    }
  }

  PlannedPayment payment(
      long time, double amount, int merchant, String country, String channel, FraudPattern f) {
    return new PlannedPayment(time, index, Math.round(amount * 100), merchant, country, channel, f);
  }

  String channel(SplittableRandom r) {
    double u = r.nextDouble();
    return u < motoShare ? "moto" : u < motoShare + webShare ? "web" : "pos";
  }

  static int anyMerchant(SplittableRandom r) {
    return r.nextInt(MERCHANTS);
  }

  static double logNormal(SplittableRandom r, double median, double sigma) {
    return median * StrictMath.exp(sigma * gaussian(r));
  }

  /** Box-Muller with StrictMath, so values are identical on every JVM. */
  static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
  }
}
