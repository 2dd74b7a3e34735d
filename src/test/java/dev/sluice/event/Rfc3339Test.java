package dev.sluice.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link Rfc3339} must agree with {@code java.time} on every text, valid or not, and on every
 * instant it formats: random times near the edges of each field's range, most of them well-formed.
 */
class Rfc3339Test {

  @Property(tries = 3000)
  void parsesAsJavaTimeDoes(@ForAll("times") String text) {
    Long expected;
    try {
      expected =
          OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant()
              .toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      expected = null;
    }
    Statistics.collect(expected == null ? "rejected" : "accepted");
    if (expected == null) {
      assertThrows(DateTimeException.class, () -> Rfc3339.parseMillis(text), text);
    } else {
      assertEquals(expected, Rfc3339.parseMillis(text), text);
    }
  }

  @Property(tries = 3000)
  void formatsAsInstantDoes(@ForAll("instants") long millis) {
    assertEquals(Instant.ofEpochMilli(millis).toString(), Rfc3339.format(millis));
  }

  @Example
  void edgesOfTheDirectPath() {
    assertEquals(0L, Rfc3339.parseMillis("1970-01-01T00:00:00Z"));
    assertEquals(-1L, Rfc3339.parseMillis("1969-12-31T23:59:59.999999999Z"));
    assertEquals(
        Instant.parse("2024-02-29T12:00:00Z").toEpochMilli() - 18 * 3_600_000L,
        Rfc3339.parseMillis("2024-02-29T12:00:00+18:00"));
    assertThrows(DateTimeException.class, () -> Rfc3339.parseMillis("2023-02-29T12:00:00Z"));
    assertThrows(DateTimeException.class, () -> Rfc3339.parseMillis("2026-01-05T24:00:00Z"));
    assertThrows(DateTimeException.class, () -> Rfc3339.parseMillis("2026-01-05T10:00:00"));
    assertEquals("0000-01-01T00:00:00Z", Rfc3339.format(-62_167_219_200_000L));
    assertEquals("+10000-01-01T00:00:00Z", Rfc3339.format(253_402_300_800_000L));
  }

  @Provide
  Arbitrary<String> times() {
    Arbitrary<String> date =
        Combinators.combine(
                Arbitraries.integers().between(0, 10_000).edgeCases(c -> c.add(1600, 1900, 2000)),
                Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 32))
            .as((y, m, d) -> pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2));
    Arbitrary<String> time =
        Combinators.combine(
                Arbitraries.integers().between(0, 25),
                Arbitraries.integers().between(0, 60),
                Arbitraries.integers().between(0, 61))
            .as((h, m, s) -> pad(h, 2) + ":" + pad(m, 2) + ":" + pad(s, 2));
    Arbitrary<String> fraction =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.just("."),
            Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(11).map(f -> "." + f));
    Arbitrary<String> offset =
        Arbitraries.oneOf(
            Arbitraries.of("Z", "z", "", "+00:00", "-00:00", "+0100", "+01", "+01:00:30", "Zulu"),
            Combinators.combine(
                    Arbitraries.of("+", "-"),
                    Arbitraries.integers().between(0, 19),
                    Arbitraries.integers().between(0, 60))
                .as((sign, h, m) -> sign + pad(h, 2) + ":" + pad(m, 2)));
    Arbitrary<String> separator = Arbitraries.of("T", "T", "T", "t", " ");
    return Combinators.combine(date, separator, time, fraction, offset)
        .as((d, t, tm, f, o) -> d + t + tm + f + o);
  }

  @Provide
  Arbitrary<Long> instants() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-62_167_219_200_000L - 10, 253_402_300_800_000L + 10),
        Arbitraries.longs().between(1_700_000_000_000L, 1_900_000_000_000L),
        Arbitraries.longs()
            .between(-400_000_000_000_000L, 400_000_000_000_000L)
            .map(m -> m - m % 1000));
  }

  private static String pad(int v, int width) {
    String s = Integer.toString(v);
    return "0".repeat(Math.max(0, width - s.length())) + s;
  }
}
