package io.weir.control.parameter;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.control.parameter.ParameterType.BooleanType;
import io.weir.control.parameter.ParameterType.DurationType;
import io.weir.control.parameter.ParameterType.EnumSetType;
import io.weir.control.parameter.ParameterType.EnumType;
import io.weir.control.parameter.ParameterType.IntegerType;
import io.weir.control.parameter.ParameterType.PasswordType;
import io.weir.control.parameter.ParameterType.SizeType;
import io.weir.control.parameter.ParameterType.StringType;
import io.weir.control.parameter.ParameterType.TargetType;
import io.weir.control.resource.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ParameterTypeTest {

  private static final Map<String, ParameterType<?>> TYPES =
      Map.ofEntries(
          Map.entry("string", new StringType()),
          Map.entry("password", new PasswordType()),
          Map.entry("port", new IntegerType(1, 65535)),
          Map.entry("count", IntegerType.atLeast(0)),
          Map.entry("boolean", new BooleanType()),
          Map.entry("seconds", new DurationType(ChronoUnit.SECONDS)),
          Map.entry("milliseconds", new DurationType(ChronoUnit.MILLIS)),
          Map.entry("size", new SizeType()),
          Map.entry("enum", EnumType.of("fail_instantly", "fail_on_write", "error_on_write")),
          Map.entry("enumset", EnumSetType.of("master", "slave", "synced", "running")),
          Map.entry("target", new TargetType()),
          Map.entry("countorpercent", new ParameterType.CountOrPercentType()));

  /** One row of {@code parameter/types.golden}. */
  private record Row(int line, String type, String input, String expected) {}

  @TestFactory
  @DisplayName("every row of parameter/types.golden parses to its value or its error message")
  Stream<DynamicTest> goldenTable() throws IOException {
    return rows().stream()
        .map(
            row ->
                DynamicTest.dynamicTest(
                    "line " + row.line() + ": " + row.type() + " '" + row.input() + "'",
                    () -> assertThat(outcome(row)).isEqualTo(row.expected())));
  }

  @TestFactory
  @DisplayName("every valid golden value formats to text that parses back to the same value")
  Stream<DynamicTest> formatRoundTrips() throws IOException {
    return rows().stream()
        .filter(row -> row.expected().startsWith("=") && !row.type().equals("password"))
        .map(
            row ->
                DynamicTest.dynamicTest(
                    "line " + row.line(), () -> assertRoundTrip(TYPES.get(row.type()), row)));
  }

  @Test
  void passwordsAreNeverPrinted() {
    var type = new PasswordType();
    var parsed = type.parse("hunter2");

    assertThat(parsed).isEqualTo(new Parsed.Valid<>(new Secret("hunter2")));
    assertThat(parsed.toString()).doesNotContain("hunter2");
    assertThat(type.format(new Secret("hunter2"))).isEqualTo("*****");
  }

  @Test
  void durationsFormatInTheLargestExactUnit() {
    var type = new DurationType(ChronoUnit.SECONDS);

    assertThat(type.format(Duration.ofMillis(2000))).isEqualTo("2s");
    assertThat(type.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(type.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(type.format(Duration.ofHours(8))).isEqualTo("8h");
    assertThat(type.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void sizesFormatWithTheLargestExactBinarySuffix() {
    var type = new SizeType();

    assertThat(type.format(1024L * 1024)).isEqualTo("1Mi");
    assertThat(type.format(1000L)).isEqualTo("1000");
    assertThat(type.format(0L)).isEqualTo("0");
  }

  private static <T> void assertRoundTrip(ParameterType<T> type, Row row) {
    T value = valid(type.parse(raw(row.input())));

    assertThat(valid(type.parse(type.format(value)))).isEqualTo(value);
  }

  private static <T> T valid(Parsed<T> parsed) {
    return switch (parsed) {
      case Parsed.Valid<T>(T value) -> value;
      case Parsed.Invalid<T>(String reason) -> throw new AssertionError(reason);
    };
  }

  private static String outcome(Row row) {
    var type = Objects.requireNonNull(TYPES.get(row.type()), row.type());
    return switch (type.parse(raw(row.input()))) {
      case Parsed.Valid<?>(Object value) -> ("= " + value).strip();
      case Parsed.Invalid<?>(String reason) -> "! " + reason;
    };
  }

  private static Object raw(String input) {
    if (input.startsWith("list:")) {
      return Arrays.asList(input.substring("list:".length()).split(","));
    }
    if (input.startsWith("int:")) {
      return Integer.valueOf(input.substring("int:".length()));
    }
    return input;
  }

  private static List<Row> rows() throws IOException {
    String text;
    try (InputStream in = ParameterTypeTest.class.getResourceAsStream("/parameter/types.golden")) {
      text = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
    }
    var lines = text.split("\n", -1);
    var rows = new java.util.ArrayList<Row>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\\|", 3);
      rows.add(new Row(i + 1, cells[0].strip(), cells[1].strip(), cells[2].strip()));
    }
    assertThat(rows).hasSizeGreaterThan(50);
    return rows;
  }
}
