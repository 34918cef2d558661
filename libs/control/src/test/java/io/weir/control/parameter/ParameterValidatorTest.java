package io.weir.control.parameter;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.control.resource.ResourceType;
import io.weir.control.resource.Secret;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterValidatorTest {

  private static final List<ModuleSchema> READCONNROUTE_SERVICE =
      List.of(ModuleSchemas.SERVICE, ModuleSchemas.READCONNROUTE);

  @Test
  void typesEveryValueAndFillsTheDefaults() {
    var result =
        ParameterValidator.validate(
            ResourceType.SERVICES,
            "ro",
            READCONNROUTE_SERVICE,
            Map.of("user", "weir", "password", "pw", "router_options", "slave,master"));

    assertThat(result.errors()).isEmpty();
    var values = result.values();
    assertThat(values.find("user")).contains("weir");
    assertThat(values.find("password")).contains(new Secret("pw"));
    assertThat(values.find("router_options")).contains(Set.of("master", "slave"));
    assertThat(values.find("master_accept_reads")).contains(true);
    assertThat(values.find("max_replication_lag")).contains(Duration.ZERO);
    assertThat(values.find("connection_timeout")).contains(Duration.ZERO);
    assertThat(values.find("version_string")).isEmpty();
  }

  @Test
  void typedAccessGoesThroughTheSpec() {
    var result =
        ParameterValidator.validate(
            ResourceType.MONITORS,
            "m",
            List.of(ModuleSchemas.MONITOR, ModuleSchemas.MARIADBMON),
            Map.of("user", "u", "password", "p", "monitor_interval", 500, "failcount", "3"));

    var interval = ModuleSchemas.MONITOR.find("monitor_interval").orElseThrow();
    assertThat(interval.valueIn(result.values()).map(Object.class::cast))
        .contains(Duration.ofMillis(500));
    assertThat(result.values().find("failcount")).contains(3L);
  }

  @Test
  void anInvalidValueNamesTheResourceTheParameterAndTheAllowedValues() {
    var result =
        ParameterValidator.validate(
            ResourceType.SERVICES,
            "rw",
            READCONNROUTE_SERVICE,
            Map.of("user", "weir", "password", "pw", "router_options", "mastr"));

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.code()).isEqualTo(ConfigurationErrorCode.INVALID_VALUE);
              assertThat(error.field())
                  .isEqualTo(new ConfigurationError.Field.Parameter("router_options"));
              assertThat(error)
                  .hasToString(
                      "services/rw: parameter 'router_options': 'mastr' is not one of master,"
                          + " slave, synced, running");
            });
  }

  @Test
  void unknownParametersAreErrorsWithTheClosestKnownName() {
    var raw = new LinkedHashMap<String, Object>();
    raw.put("user", "weir");
    raw.put("password", "pw");
    raw.put("router_option", "master");
    raw.put("colour", "blue");

    var result =
        ParameterValidator.validate(ResourceType.SERVICES, "ro", READCONNROUTE_SERVICE, raw);

    assertThat(result.errors())
        .extracting(ConfigurationError::toString)
        .containsExactly(
            "services/ro: parameter 'router_option': unknown parameter; did you mean"
                + " 'router_options'?",
            "services/ro: parameter 'colour': unknown parameter");
    assertThat(result.errors())
        .allSatisfy(
            error -> assertThat(error.code()).isEqualTo(ConfigurationErrorCode.UNKNOWN_PARAMETER));
  }

  @Test
  void reportsEveryProblemAtOnce() {
    var result =
        ParameterValidator.validate(
            ResourceType.MONITORS,
            "m",
            List.of(ModuleSchemas.MONITOR, ModuleSchemas.MARIADBMON),
            Map.of("monitor_interval", "fast", "failcount", "0"));

    assertThat(result.isValid()).isFalse();
    assertThat(result.errors())
        .extracting(ConfigurationError::toString)
        .containsExactly(
            "monitors/m: parameter 'user': is required",
            "monitors/m: parameter 'password': is required",
            "monitors/m: parameter 'monitor_interval': 'fast' is not a duration (a whole number"
                + " with unit h, m, s or ms, e.g. 2s)",
            "monitors/m: parameter 'failcount': '0' is less than the minimum 1");
  }

  @Test
  void aPasswordNeverAppearsInErrorsOrValues() {
    var result =
        ParameterValidator.validate(
            ResourceType.MONITORS,
            "m",
            List.of(ModuleSchemas.MONITOR, ModuleSchemas.MARIADBMON),
            Map.of("user", "u", "password", List.of("hunter2")));

    assertThat(result.errors().toString()).doesNotContain("hunter2");
    assertThat(
            ParameterValidator.validate(
                    ResourceType.MONITORS,
                    "m",
                    List.of(ModuleSchemas.MONITOR),
                    Map.of("user", "u", "password", "hunter2"))
                .values()
                .toString())
        .doesNotContain("hunter2");
  }

  @Test
  void conditionalParametersAreRequiredOnlyWhenTheirConditionHolds() {
    var base = new HashMap<String, Object>(Map.of("user", "u", "password", "p", "main", "db1"));
    List<ModuleSchema> mirror = List.of(ModuleSchemas.SERVICE, ModuleSchemas.MIRROR);

    base.put("exporter", "log");
    assertThat(ParameterValidator.validate(ResourceType.SERVICES, "m", mirror, base).errors())
        .isEmpty();

    base.put("exporter", "kafka");
    base.put("kafka_topic", "weir.mirror");
    assertThat(ParameterValidator.validate(ResourceType.SERVICES, "m", mirror, base).errors())
        .extracting(ConfigurationError::toString)
        .containsExactly("services/m: parameter 'kafka_broker': is required when exporter=kafka");
  }

  @Test
  void aNullValueCountsAsNotSet() {
    var raw = new HashMap<String, Object>();
    raw.put("user", "u");
    raw.put("password", "p");
    raw.put("monitor_interval", null);

    var result =
        ParameterValidator.validate(
            ResourceType.MONITORS, "m", List.of(ModuleSchemas.MONITOR), raw);

    assertThat(result.errors()).isEmpty();
    assertThat(result.values().find("monitor_interval")).contains(Duration.ofSeconds(2));
  }

  private static final List<ModuleSchema> READWRITESPLIT_SERVICE =
      List.of(ModuleSchemas.SERVICE, ModuleSchemas.READWRITESPLIT);

  private static io.weir.control.resource.ParameterValues readWriteSplitService() {
    var result =
        ParameterValidator.validate(
            ResourceType.SERVICES,
            "rw",
            READWRITESPLIT_SERVICE,
            Map.of("user", "weir", "password", "pw", "master_accept_reads", true));
    assertThat(result.errors()).isEmpty();
    return result.values();
  }

  @Test
  void aPatchChangesOnlyTheParametersItNamesAndKeepsTheSchemaOrder() {
    var current = readWriteSplitService();

    var result =
        ParameterValidator.patch(
            ResourceType.SERVICES,
            "rw",
            READWRITESPLIT_SERVICE,
            current,
            Map.of("slave_selection_criteria", "ADAPTIVE_ROUTING", "max_slave_connections", "50%"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.values().find("slave_selection_criteria")).contains("ADAPTIVE_ROUTING");
    assertThat(result.values().find("max_slave_connections")).contains("50%");
    assertThat(result.values().find("master_accept_reads")).contains(true);
    assertThat(result.values().find("password")).contains(new Secret("pw"));
    assertThat(result.values().values().keySet())
        .containsExactlyElementsOf(current.values().keySet());
  }

  @Test
  void aNullInAPatchRestoresTheDefault() {
    var changes = new HashMap<String, Object>();
    changes.put("master_accept_reads", null);

    var result =
        ParameterValidator.patch(
            ResourceType.SERVICES, "rw", READWRITESPLIT_SERVICE, readWriteSplitService(), changes);

    assertThat(result.errors()).isEmpty();
    assertThat(result.values().find("master_accept_reads")).contains(false);
  }

  @Test
  void aPatchReportsEveryProblemByParameter() {
    var changes = new LinkedHashMap<String, Object>();
    changes.put("slave_selection_critera", "ADAPTIVE_ROUTING");
    changes.put("max_sescmd_history", -1);
    changes.put("user", null);
    changes.put("master_failure_mode", "fail_slowly");

    var result =
        ParameterValidator.patch(
            ResourceType.SERVICES, "rw", READWRITESPLIT_SERVICE, readWriteSplitService(), changes);

    assertThat(result.errors())
        .extracting(ConfigurationError::code)
        .containsExactly(
            ConfigurationErrorCode.UNKNOWN_PARAMETER,
            ConfigurationErrorCode.INVALID_VALUE,
            ConfigurationErrorCode.MISSING_PARAMETER,
            ConfigurationErrorCode.INVALID_VALUE);
    assertThat(result.errors().getFirst().toString())
        .isEqualTo(
            "services/rw: parameter 'slave_selection_critera': unknown parameter; did you mean"
                + " 'slave_selection_criteria'?");
    assertThat(result.errors().get(2).toString())
        .isEqualTo("services/rw: parameter 'user': is required and cannot be unset");
  }

  @Test
  void aPatchRefusesParametersThatOnlyTakeEffectAtStart() {
    var listener =
        ParameterValidator.validate(
                ResourceType.LISTENERS, "l", List.of(ModuleSchemas.LISTENER), Map.of("port", 4006))
            .values();

    var result =
        ParameterValidator.patch(
            ResourceType.LISTENERS,
            "l",
            List.of(ModuleSchemas.LISTENER),
            listener,
            Map.of("port", 4007));

    assertThat(result.errors())
        .extracting(ConfigurationError::toString)
        .containsExactly(
            "listeners/l: parameter 'port': cannot be changed while the resource runs; change it"
                + " in the configuration and restart");
  }

  @Test
  void aPatchChecksConditionsOnTheResult() {
    List<ModuleSchema> mirror = List.of(ModuleSchemas.SERVICE, ModuleSchemas.MIRROR);
    var current =
        ParameterValidator.validate(
                ResourceType.SERVICES,
                "m",
                mirror,
                Map.of("user", "u", "password", "p", "main", "db1", "exporter", "log"))
            .values();

    var result =
        ParameterValidator.patch(
            ResourceType.SERVICES, "m", mirror, current, Map.of("exporter", "file"));

    assertThat(result.errors())
        .extracting(ConfigurationError::toString)
        .containsExactly("services/m: parameter 'file': is required when exporter=file");
  }

  @Test
  void closestOnlySuggestsLikelyTypos() {
    var known = Arrays.asList("router_options", "user", "password");

    assertThat(ParameterValidator.closest("router_option", known)).contains("router_options");
    assertThat(ParameterValidator.closest("passwrd", known)).contains("password");
    assertThat(ParameterValidator.closest("usr", known)).isEmpty();
    assertThat(ParameterValidator.closest("address", known)).isEmpty();
  }
}
