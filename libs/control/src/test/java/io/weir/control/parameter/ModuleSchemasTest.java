package io.weir.control.parameter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ModuleSchemasTest {

  @Test
  @DisplayName(
      "every parameter's default, requirement and runtime flag is the one in schema-defaults.golden")
  void defaultsMatchTheGoldenTable() throws IOException {
    String actual =
        ModuleSchemas.all().stream()
            .flatMap(schema -> schema.parameters().stream().map(spec -> line(schema, spec)))
            .collect(Collectors.joining("\n", "", "\n"));

    assertThat(actual).isEqualTo(golden());
  }

  @Test
  void theDefaultsUsersAskAboutMostAreMaxScales() {
    assertThat(defaultOf(ModuleSchemas.MONITOR, "monitor_interval"))
        .isEqualTo(Duration.ofMillis(2000));
    assertThat(defaultOf(ModuleSchemas.MONITOR, "backend_connect_timeout"))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(defaultOf(ModuleSchemas.MARIADBMON, "failcount")).isEqualTo(5L);
    assertThat(defaultOf(ModuleSchemas.MARIADBMON, "auto_failover")).isEqualTo(false);
    assertThat(defaultOf(ModuleSchemas.READCONNROUTE, "router_options"))
        .isEqualTo(Set.of("running"));
    assertThat(defaultOf(ModuleSchemas.READWRITESPLIT, "slave_selection_criteria"))
        .isEqualTo("LEAST_CURRENT_OPERATIONS");
    assertThat(defaultOf(ModuleSchemas.READWRITESPLIT, "transaction_replay_max_size"))
        .isEqualTo(1024L * 1024);
    assertThat(defaultOf(ModuleSchemas.SERVER, "port")).isEqualTo(3306L);
    assertThat(defaultOf(ModuleSchemas.LISTENER, "address")).isEqualTo("::");
  }

  @Test
  void everyDefaultIsAValueItsOwnTypeAccepts() {
    ModuleSchemas.all().stream()
        .flatMap(schema -> schema.parameters().stream())
        .filter(spec -> spec.defaultValue() != null)
        .forEach(
            spec ->
                assertThat(reparsedDefault(spec)).as(spec.name()).isEqualTo(spec.defaultValue()));
  }

  @Test
  void everyParameterIsDocumented() {
    ModuleSchemas.all().stream()
        .flatMap(schema -> schema.parameters().stream())
        .forEach(
            spec -> assertThat(spec.documentation()).as(spec.name()).isNotBlank().endsWith("."));
  }

  @Test
  void modulesAreFoundByTheNameTheFileUses() {
    assertThat(ModuleSchemas.routerNames())
        .containsExactly("kafkacdc", "mirror", "readconnroute", "readwritesplit");
    assertThat(ModuleSchemas.monitorNames()).containsExactly("mariadbmon");
    assertThat(ModuleSchemas.filterNames()).containsExactly("hintfilter", "topfilter");
    assertThat(ModuleSchemas.router("readwritesplit")).contains(ModuleSchemas.READWRITESPLIT);
    assertThat(ModuleSchemas.router("readwritesplitt")).isEmpty();
  }

  @Test
  void enumParametersExposeTheirAllowedValues() {
    var routerOptions = ModuleSchemas.READCONNROUTE.find("router_options").orElseThrow();

    assertThat(routerOptions.allowedValues())
        .containsExactly("master", "slave", "synced", "running");
    assertThat(ModuleSchemas.MONITOR.find("user").orElseThrow().allowedValues()).isEmpty();
  }

  private static Object defaultOf(ModuleSchema schema, String name) {
    return Objects.requireNonNull(schema.find(name).orElseThrow().defaultValue(), name);
  }

  private static <T> Object reparsedDefault(ParameterSpec<T> spec) {
    T value = Objects.requireNonNull(spec.defaultValue());
    return switch (spec.type().parse(spec.type().format(value))) {
      case Parsed.Valid<T>(T parsed) -> parsed;
      case Parsed.Invalid<T>(String reason) -> reason;
    };
  }

  private static <T> String line(ModuleSchema schema, ParameterSpec<T> spec) {
    T value = spec.defaultValue();
    String presence =
        spec.required()
            ? "(required)"
            : value == null ? "(unset)" : "= " + spec.type().format(value);
    return schema.name()
        + "."
        + spec.name()
        + " "
        + presence
        + (spec.runtimeModifiable() ? " [runtime]" : "");
  }

  private static String golden() throws IOException {
    try (InputStream in =
        ModuleSchemasTest.class.getResourceAsStream("/parameter/schema-defaults.golden")) {
      return new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
