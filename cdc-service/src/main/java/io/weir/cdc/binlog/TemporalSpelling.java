package io.weir.cdc.binlog;

/**
 * Spells MariaDB's binary DATE, TIME(n), DATETIME(n) and TIMESTAMP(n) as MariaDB itself prints
 * them, with exactly the column's fractional digits. Nothing goes through {@code java.time}, so
 * zero dates ({@code 0000-00-00}), dates with a zero day or month and invalid dates ({@code
 * 2001-02-30} under {@code ALLOW_INVALID_DATES}) keep MariaDB's spelling, and TIME keeps its sign
 * and its range beyond 24 hours. TIMESTAMP is stored as seconds since the epoch and is spelled in
 * UTC whatever the server's or this process's time zone.
 *
 * <p>Formats: MariaDB's {@code sql/compat56.cc} ({@code my_datetime_packed_from_binary}, {@code
 * my_time_packed_from_binary}, {@code my_timestamp_from_binary}).
 */
final class TemporalSpelling {

  private static final long TIMEF_INT_OFS = 0x800000L;
  private static final long TIMEF_OFS = 0x800000000000L;
  private static final long DATETIMEF_INT_OFS = 0x8000000000L;

  private TemporalSpelling() {}

  /** A 3-byte little-endian DATE. */
  static String date(byte[] bytes) {
    int value = (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8 | (bytes[2] & 0xFF) << 16;
    return dateText(value >>> 9, (value >>> 5) & 0x0F, value & 0x1F);
  }

  /** A DATETIME2: 5 big-endian bytes then {@code (digits + 1) / 2} bytes of fraction. */
  static String datetime(byte[] bytes, int digits) {
    long intPart = bigEndian(bytes, 0, 5) - DATETIMEF_INT_OFS;
    int micros = (int) fractionMicros(bytes, 5, digits);
    long yearMonthDay = intPart >> 17;
    long yearMonth = yearMonthDay >> 5;
    long hms = intPart & ((1 << 17) - 1);
    StringBuilder text = new StringBuilder(26);
    appendDate(text, (int) (yearMonth / 13), (int) (yearMonth % 13), (int) (yearMonthDay & 0x1F));
    text.append(' ');
    appendTime(text, hms >> 12, (int) ((hms >> 6) & 0x3F), (int) (hms & 0x3F), micros, digits);
    return text.toString();
  }

  /** A TIME2: 3 big-endian bytes then the fraction; negative and beyond 24 hours allowed. */
  static String time(byte[] bytes, int digits) {
    long packed = timePacked(bytes, digits);
    String sign = "";
    if (packed < 0) {
      sign = "-";
      packed = -packed;
    }
    long hms = packed >> 24;
    int micros = (int) (packed % (1L << 24));
    long hours = (hms >> 12) % (1 << 10);
    StringBuilder text = new StringBuilder(sign);
    appendTime(text, hours, (int) ((hms >> 6) % (1 << 6)), (int) (hms % (1 << 6)), micros, digits);
    return text.toString();
  }

  /** A TIMESTAMP2: 4 big-endian bytes of seconds since the epoch (UTC) then the fraction. */
  static String timestamp(byte[] bytes, int digits) {
    long seconds = bigEndian(bytes, 0, 4);
    int micros = (int) fractionMicros(bytes, 4, digits);
    if (seconds == 0 && micros == 0) {
      return "0000-00-00 00:00:00" + fraction(0, digits);
    }
    long days = Math.floorDiv(seconds, 86_400L);
    long secondOfDay = Math.floorMod(seconds, 86_400L);
    // civil-from-days (Howard Hinnant), exact for the whole TIMESTAMP range
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    StringBuilder text = new StringBuilder(26);
    appendDate(text, year, month, day);
    text.append(' ');
    appendTime(
        text,
        secondOfDay / 3600,
        (int) (secondOfDay / 60 % 60),
        (int) (secondOfDay % 60),
        micros,
        digits);
    return text.toString();
  }

  /** The number of bytes a TIME2/DATETIME2/TIMESTAMP2 fraction of {@code digits} takes. */
  static int fractionBytes(int digits) {
    return (digits + 1) / 2;
  }

  private static long timePacked(byte[] bytes, int digits) {
    switch (digits) {
      case 1, 2 -> {
        long intPart = bigEndian(bytes, 0, 3) - TIMEF_INT_OFS;
        long frac = bytes[3] & 0xFF;
        if (intPart < 0 && frac != 0) {
          intPart++;
          frac -= 0x100;
        }
        return (intPart << 24) + frac * 10_000;
      }
      case 3, 4 -> {
        long intPart = bigEndian(bytes, 0, 3) - TIMEF_INT_OFS;
        long frac = bigEndian(bytes, 3, 2);
        if (intPart < 0 && frac != 0) {
          intPart++;
          frac -= 0x10000;
        }
        return (intPart << 24) + frac * 100;
      }
      case 5, 6 -> {
        return bigEndian(bytes, 0, 6) - TIMEF_OFS;
      }
      default -> {
        return (bigEndian(bytes, 0, 3) - TIMEF_INT_OFS) << 24;
      }
    }
  }

  private static long fractionMicros(byte[] bytes, int offset, int digits) {
    int length = fractionBytes(digits);
    if (length == 0) {
      return 0;
    }
    long fraction = bigEndian(bytes, offset, length);
    return switch (length) {
      case 1 -> fraction * 10_000;
      case 2 -> fraction * 100;
      default -> fraction;
    };
  }

  private static String fraction(int micros, int digits) {
    StringBuilder text = new StringBuilder(7);
    appendFraction(text, micros, digits);
    return text.toString();
  }

  private static String dateText(int year, int month, int day) {
    StringBuilder text = new StringBuilder(10);
    appendDate(text, year, month, day);
    return text.toString();
  }

  // Spelled digit by digit rather than with String.format, which parsed its pattern for every
  // cell and was a tenth of the binlog thread's time in the benchmark against Debezium.
  private static void appendDate(StringBuilder text, int year, int month, int day) {
    padded(text, year, 4);
    text.append('-');
    padded(text, month, 2);
    text.append('-');
    padded(text, day, 2);
  }

  /** {@code hh:mm:ss[.f...]}; hours may have more than two digits (TIME beyond 99 hours). */
  private static void appendTime(
      StringBuilder text, long hours, int minutes, int seconds, int micros, int digits) {
    padded(text, hours, 2);
    text.append(':');
    padded(text, minutes, 2);
    text.append(':');
    padded(text, seconds, 2);
    appendFraction(text, micros, digits);
  }

  private static void appendFraction(StringBuilder text, int micros, int digits) {
    if (digits <= 0) {
      return;
    }
    StringBuilder six = new StringBuilder(6);
    padded(six, micros, 6);
    text.append('.').append(six, 0, Math.min(digits, 6));
  }

  /** {@code value} with leading zeros up to {@code width} digits (never cut). */
  private static void padded(StringBuilder text, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      text.append('0');
    }
    text.append(digits);
  }

  private static long bigEndian(byte[] bytes, int offset, int length) {
    long value = 0;
    for (int i = offset; i < offset + length; i++) {
      value = (value << 8) | (bytes[i] & 0xFF);
    }
    return value;
  }
}
