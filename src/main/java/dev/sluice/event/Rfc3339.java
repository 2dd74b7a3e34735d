package dev.sluice.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * RFC 3339 times as CloudEvents carry them, read and written once per event. {@code java.time}'s
 * formatters took about 40% of the parse step's CPU (JFR, 2026-12-04), so the usual shapes take a
 * direct path here; everything else goes through {@code java.time}, which stays the definition: the
 * direct path accepts only text that {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} accepts, with
 * the same value ({@code Rfc3339Test} compares the two on random text).
 */
public final class Rfc3339 {

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years with four digits. */
  private static final long FIRST_MILLIS = -62_167_219_200_000L;

  private static final long END_MILLIS = 253_402_300_800_000L;

  private Rfc3339() {}

  /**
   * The epoch milliseconds of an RFC 3339 time with an offset (fractions below a millisecond are
   * cut, as {@link Instant#toEpochMilli} does).
   *
   * @throws DateTimeException when the text is not one
   */
  public static long parseMillis(String text) {
    long millis = direct(text);
    if (millis != Long.MIN_VALUE) {
      return millis;
    }
    return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
        .toInstant()
        .toEpochMilli();
  }

  /** The same text as {@code Instant.ofEpochMilli(millis).toString()}. */
  public static String format(long millis) {
    if (millis < FIRST_MILLIS || millis >= END_MILLIS) {
      return Instant.ofEpochMilli(millis).toString();
    }
    long days = Math.floorDiv(millis, MILLIS_PER_DAY);
    int ofDay = (int) Math.floorMod(millis, MILLIS_PER_DAY);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, 400-year eras from March).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    int doe = (int) (z - era * 146_097);
    int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int day = doy - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    int milli = ofDay % 1000;
    int second = ofDay / 1000;
    char[] c = new char[milli == 0 ? 20 : 24];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, month, 2);
    c[7] = '-';
    digits(c, 8, day, 2);
    c[10] = 'T';
    digits(c, 11, second / 3600, 2);
    c[13] = ':';
    digits(c, 14, second / 60 % 60, 2);
    c[16] = ':';
    digits(c, 17, second % 60, 2);
    if (milli != 0) {
      c[19] = '.';
      digits(c, 20, milli, 3);
    }
    c[c.length - 1] = 'Z';
    return new String(c);
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+HH:MM|-HH:MM)} with every field in range, or {@link
   * Long#MIN_VALUE} for anything else (which the caller hands to {@code java.time}).
   */
  private static long direct(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = number(s, 0, 4);
    int month = number(s, 5, 2);
    int day = number(s, 8, 2);
    int hour = number(s, 11, 2);
    int minute = number(s, 14, 2);
    int second = number(s, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > lengthOf(month, year)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return Long.MIN_VALUE;
    }
    int i = 19;
    int millis = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
        if (i - start < 3) {
          millis = millis * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int width = i - start;
      if (width == 0) {
        return Long.MIN_VALUE;
      }
      for (int w = width; w < 3; w++) {
        millis *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = number(s, i + 1, 2);
      int om = number(s, i + 4, 2);
      if (oh < 0 || om < 0 || om > 59 || oh > 18 || (oh == 18 && om != 0)) {
        return Long.MIN_VALUE;
      }
      offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return Long.MIN_VALUE;
    }
    long seconds =
        epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return seconds * 1000 + millis;
  }

  /** Days since 1970-01-01 of a valid proleptic Gregorian date. */
  private static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }

  private static int lengthOf(int month, int year) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** The non-negative number in {@code s[from, from + width)}, or -1 if a char is not a digit. */
  private static int number(String s, int from, int width) {
    int v = 0;
    for (int i = from; i < from + width; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static void digits(char[] into, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      into[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
