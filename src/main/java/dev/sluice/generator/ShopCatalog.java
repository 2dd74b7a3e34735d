package dev.sluice.generator;

import java.util.List;
import java.util.SplittableRandom;

/** The shop's products: a fixed list per seed, each with a category and a price in cents. */
final class ShopCatalog {

  static final List<String> CATEGORIES =
      List.of("shoes", "shirts", "bags", "books", "phones", "toys");

  private static final int PRODUCTS = 240;

  private final double[] prices = new double[PRODUCTS];

  ShopCatalog(long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x51A7_C0DEL);
    for (int i = 0; i < PRODUCTS; i++) {
      // Whole cents, so sums of prices stay comparable across implementations.
      prices[i] = (499 + r.nextInt(24_500)) / 100.0;
    }
  }

  int size() {
    return PRODUCTS;
  }

  String product(int i) {
    return "p-" + (100 + i);
  }

  String category(int i) {
    return CATEGORIES.get(i % CATEGORIES.size());
  }

  double price(int i) {
    return prices[i];
  }

  String page(int i) {
    return "/" + category(i) + "/" + product(i);
  }
}
