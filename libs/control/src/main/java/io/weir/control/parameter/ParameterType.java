package io.weir.control.parameter;

import static java.util.Objects.requireNonNull;

import io.weir.control.resource.Secret;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The type of a parameter: how a raw value (a string from a file or a request, a number, a boolean,
 * or a list of strings) becomes a typed value, and how a typed value is written back.
 *
 * <p>Raw values are read the way MaxScale reads its configuration: as text. A YAML {@code 2000} and
 * a JSON {@code "2000"} mean the same thing.
 *
 * @param <T> the typed value
 */
public sealed interface ParameterType<T>
    permits ParameterType.StringType,
        ParameterType.PasswordType,
        ParameterType.IntegerType,
        ParameterType.BooleanType,
        ParameterType.DurationType,
        ParameterType.SizeType,
        ParameterType.EnumType,
        ParameterType.EnumSetType,
        ParameterType.CountOrPercentType,
        ParameterType.TargetType {

  /** Parses a raw value: a {@code String}, {@code Number}, {@code Boolean} or {@code List}. */
  Parsed<T> parse(Object raw);

  /** The value as text that {@link #parse} accepts again; a password is masked. */
  String format(T value);

  /** Casts a value known to come from {@link #parse} or a default of this type. */
  T cast(Object value);

  /** Any text. */
  record StringType() implements ParameterType<String> {
    @Override
    public Parsed<String> parse(Object raw) {
      return ifScalar(raw, Parsed.Valid::new);
    }

    @Override
    public String format(String value) {
      return value;
    }

    @Override
    public String cast(Object value) {
      return (String) value;
    }
  }

  /** Any text, held as a {@link Secret}: never echoed in messages or output. */
  record PasswordType() implements ParameterType<Secret> {
    @Override
    public Parsed<Secret> parse(Object raw) {
      if (raw instanceof List<?>) {
        return new Parsed.Invalid<>("a password must be a single value, not a list");
      }
      return new Parsed.Valid<>(new Secret(String.valueOf(raw)));
    }

    @Override
    public String format(Secret value) {
      return value.toString();
    }

    @Override
    public Secret cast(Object value) {
      return (Secret) value;
    }
  }

  /**
   * A whole number within bounds, inclusive.
   *
   * @param minimum the smallest accepted value
   * @param maximum the largest accepted value
   */
  record IntegerType(long minimum, long maximum) implements ParameterType<Long> {

    public IntegerType {
      if (minimum > maximum) {
        throw new IllegalArgumentException("minimum " + minimum + " > maximum " + maximum);
      }
    }

    /** Any whole number not below {@code minimum}. */
    public static IntegerType atLeast(long minimum) {
      return new IntegerType(minimum, Long.MAX_VALUE);
    }

    @Override
    public Parsed<Long> parse(Object raw) {
      return ifScalar(raw, text -> parseLong(text));
    }

    private Parsed<Long> parseLong(String text) {
      long value;
      try {
        value = Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        return new Parsed.Invalid<>(quote(text) + " is not an integer");
      }
      if (value < minimum || value > maximum) {
        return new Parsed.Invalid<>(
            maximum == Long.MAX_VALUE
                ? quote(text) + " is less than the minimum " + minimum
                : quote(text) + " is not between " + minimum + " and " + maximum);
      }
      return new Parsed.Valid<>(value);
    }

    @Override
    public String format(Long value) {
      return value.toString();
    }

    @Override
    public Long cast(Object value) {
      return (Long) value;
    }
  }

  /** {@code true}/{@code false}, also {@code on}/{@code off}, {@code yes}/{@code no}, 1/0. */
  record BooleanType() implements ParameterType<Boolean> {
    @Override
    public Parsed<Boolean> parse(Object raw) {
      return ifScalar(
          raw,
          text ->
              switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes", "1" -> new Parsed.Valid<>(true);
                case "false", "off", "no", "0" -> new Parsed.Valid<>(false);
                default ->
                    new Parsed.Invalid<>(
                        quote(text) + " is not a boolean (true, false, on, off, yes, no, 1, 0)");
              });
    }

    @Override
    public String format(Boolean value) {
      return value.toString();
    }

    @Override
    public Boolean cast(Object value) {
      return (Boolean) value;
    }
  }

  /**
   * A non-negative duration written as a whole number with one of MaxScale's units: {@code h},
   * {@code m}, {@code s}, {@code ms} ({@code 2000ms}, {@code 2s}).
   *
   * @param unitless the unit of a bare number: MaxScale reads a bare {@code monitor_interval} as
   *     milliseconds and most timeouts as seconds, and old configurations rely on that
   */
  record DurationType(ChronoUnit unitless) implements ParameterType<Duration> {

    private static final Pattern DURATION =
        Pattern.compile("(\\d+)(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    public DurationType {
      requireNonNull(unitless, "unitless");
    }

    @Override
    public Parsed<Duration> parse(Object raw) {
      return ifScalar(raw, this::parseDuration);
    }

    private Parsed<Duration> parseDuration(String text) {
      var matcher = DURATION.matcher(text.strip());
      if (!matcher.matches()) {
        return new Parsed.Invalid<>(
            quote(text) + " is not a duration (a whole number with unit h, m, s or ms, e.g. 2s)");
      }
      var unit =
          matcher.group(2) == null
              ? unitless
              : switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> ChronoUnit.MILLIS;
                case "s" -> ChronoUnit.SECONDS;
                case "m" -> ChronoUnit.MINUTES;
                default -> ChronoUnit.HOURS;
              };
      try {
        return new Parsed.Valid<>(Duration.of(Long.parseLong(matcher.group(1)), unit));
      } catch (ArithmeticException | NumberFormatException e) {
        return new Parsed.Invalid<>(quote(text) + " is too large for a duration");
      }
    }

    /** The largest whole unit that states the value exactly: {@code 2s}, {@code 1500ms}. */
    @Override
    public String format(Duration value) {
      long millis = value.toMillis();
      if (millis != 0 && millis % 3_600_000 == 0) {
        return millis / 3_600_000 + "h";
      }
      if (millis != 0 && millis % 60_000 == 0) {
        return millis / 60_000 + "m";
      }
      if (millis % 1000 == 0) {
        return millis / 1000 + "s";
      }
      return millis + "ms";
    }

    @Override
    public Duration cast(Object value) {
      return (Duration) value;
    }
  }

  /**
   * A number of bytes, optionally with a suffix: {@code k}, {@code M}, {@code G}, {@code T} for
   * powers of 1000, {@code Ki}, {@code Mi}, {@code Gi}, {@code Ti} for powers of 1024. Like
   * MaxScale, the suffixes are case-insensitive.
   */
  record SizeType() implements ParameterType<Long> {

    private static final Pattern SIZE =
        Pattern.compile("(\\d+)([kmgt])?(i)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Parsed<Long> parse(Object raw) {
      return ifScalar(raw, SizeType::parseSize);
    }

    private static Parsed<Long> parseSize(String text) {
      var matcher = SIZE.matcher(text.strip());
      if (!matcher.matches() || (matcher.group(2) == null && matcher.group(3) != null)) {
        return new Parsed.Invalid<>(
            quote(text)
                + " is not a size (a number of bytes, optionally with suffix k, M, G, T or Ki, Mi,"
                + " Gi, Ti)");
      }
      long base = matcher.group(3) == null ? 1000 : 1024;
      int exponent =
          matcher.group(2) == null
              ? 0
              : "kmgt".indexOf(matcher.group(2).toLowerCase(Locale.ROOT).charAt(0)) + 1;
      try {
        long value = Long.parseLong(matcher.group(1));
        for (int i = 0; i < exponent; i++) {
          value = Math.multiplyExact(value, base);
        }
        return new Parsed.Valid<>(value);
      } catch (ArithmeticException | NumberFormatException e) {
        return new Parsed.Invalid<>(quote(text) + " is too large for a size");
      }
    }

    /** The largest binary suffix that states the value exactly: {@code 1Mi}, {@code 1000}. */
    @Override
    public String format(Long value) {
      long v = value;
      for (String suffix : List.of("Ti", "Gi", "Mi", "Ki")) {
        long unit = 1L << (10 * ("KMGT".indexOf(suffix.charAt(0)) + 1));
        if (v != 0 && v % unit == 0) {
          return v / unit + suffix;
        }
      }
      return Long.toString(v);
    }

    @Override
    public Long cast(Object value) {
      return (Long) value;
    }
  }

  /**
   * One of a fixed list of words, matched exactly.
   *
   * @param allowed the accepted values, in documentation order
   */
  record EnumType(List<String> allowed) implements ParameterType<String> {

    public EnumType {
      allowed = List.copyOf(allowed);
    }

    /** The type accepting exactly these values. */
    public static EnumType of(String... allowed) {
      return new EnumType(List.of(allowed));
    }

    @Override
    public Parsed<String> parse(Object raw) {
      return ifScalar(
          raw,
          text ->
              allowed.contains(text.strip())
                  ? new Parsed.Valid<>(text.strip())
                  : new Parsed.Invalid<>(notOneOf(text, allowed)));
    }

    @Override
    public String format(String value) {
      return value;
    }

    @Override
    public String cast(Object value) {
      return (String) value;
    }
  }

  /**
   * One or more of a fixed list of words, comma-separated ({@code master,slave}) or as a list. The
   * typed value keeps the documentation order, whatever order the input used.
   *
   * @param allowed the accepted values, in documentation order
   */
  record EnumSetType(List<String> allowed) implements ParameterType<Set<String>> {

    public EnumSetType {
      allowed = List.copyOf(allowed);
    }

    /** The type accepting sets of these values. */
    public static EnumSetType of(String... allowed) {
      return new EnumSetType(List.of(allowed));
    }

    @Override
    public Parsed<Set<String>> parse(Object raw) {
      var words = new ArrayList<String>();
      if (raw instanceof List<?> list) {
        list.forEach(item -> words.add(String.valueOf(item).strip()));
      } else {
        for (String word : String.valueOf(raw).split(",", -1)) {
          words.add(word.strip());
        }
      }
      if (words.stream().allMatch(String::isEmpty)) {
        return new Parsed.Invalid<>("needs at least one of " + String.join(", ", allowed));
      }
      for (String word : words) {
        if (!allowed.contains(word)) {
          return new Parsed.Invalid<>(notOneOf(word, allowed));
        }
      }
      var ordered = new LinkedHashSet<String>();
      allowed.stream().filter(words::contains).forEach(ordered::add);
      return new Parsed.Valid<>(Collections.unmodifiableSequencedSet(ordered));
    }

    @Override
    public String format(Set<String> value) {
      return String.join(",", value);
    }

    // parse() only ever produces Set<String>; the generic type is erased at run time
    @SuppressWarnings("unchecked")
    @Override
    public Set<String> cast(Object value) {
      return (Set<String>) value;
    }
  }

  /**
   * A whole number, or a percentage when followed by {@code %} ({@code 2}, {@code 50%}), as
   * readwritesplit's {@code max_slave_connections} takes. The typed value is the normalised text.
   */
  record CountOrPercentType() implements ParameterType<String> {
    private static final Pattern COUNT_OR_PERCENT = Pattern.compile("(\\d{1,9})\\s*(%?)");

    @Override
    public Parsed<String> parse(Object raw) {
      return ifScalar(
          raw,
          text -> {
            var matcher = COUNT_OR_PERCENT.matcher(text.strip());
            if (!matcher.matches()) {
              return new Parsed.Invalid<>(
                  quote(text) + " is not a count or a percentage (e.g. 2 or 50%)");
            }
            long value = Long.parseLong(matcher.group(1));
            boolean percent = !matcher.group(2).isEmpty();
            if (percent && value > 100) {
              return new Parsed.Invalid<>(quote(text) + " is more than 100%");
            }
            return new Parsed.Valid<>(value + (percent ? "%" : ""));
          });
    }

    @Override
    public String format(String value) {
      return value;
    }

    @Override
    public String cast(Object value) {
      return (String) value;
    }
  }

  /**
   * The id of a server this resource routes to. The type checks only that it is a plausible name;
   * the loader checks that the server exists and is one of the service's targets.
   */
  record TargetType() implements ParameterType<String> {
    @Override
    public Parsed<String> parse(Object raw) {
      return ifScalar(
          raw,
          text ->
              text.isBlank() || text.strip().chars().anyMatch(Character::isWhitespace)
                  ? new Parsed.Invalid<>(quote(text) + " is not a server name")
                  : new Parsed.Valid<>(text.strip()));
    }

    @Override
    public String format(String value) {
      return value;
    }

    @Override
    public String cast(Object value) {
      return (String) value;
    }
  }

  /** Applies {@code parser} to a single raw value as text; a list is refused. */
  private static <R> Parsed<R> ifScalar(Object raw, Function<String, Parsed<R>> parser) {
    return raw instanceof List<?>
        ? new Parsed.Invalid<>("expected a single value, not a list")
        : parser.apply(String.valueOf(raw));
  }

  private static String quote(String text) {
    return "'" + text + "'";
  }

  private static String notOneOf(String text, List<String> allowed) {
    return quote(text) + " is not one of " + String.join(", ", allowed);
  }
}
