package io.weir.control.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class InstanceStatusTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant PUBLISHED = Instant.parse("2026-11-30T12:00:00Z");
  private static final InstanceIdentity PROXY =
      new InstanceIdentity(
          "proxy-service",
          "proxy-7f9c-1",
          "0.1.0",
          "http://10.0.0.5:8081",
          Instant.parse("2026-11-30T11:00:00Z"));

  private static InstanceStatus published(Duration interval) {
    Map<String, Object> document =
        StatusDocument.compose(
            PROXY, PUBLISHED, interval, "UP", Map.of("sessions", 3, "health", "ignored"));
    return new InstanceStatus(PROXY.key(), JSON.valueToTree(document));
  }

  @Test
  void aDocumentCarriesWhoPublishedItAndTheServicesState() {
    InstanceStatus status = published(Duration.ofSeconds(2));
    assertThat(status.version()).isEqualTo("0.1.0");
    assertThat(status.managementUrl()).isEqualTo("http://10.0.0.5:8081");
    assertThat(status.startedAt()).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
    assertThat(status.publishedAt()).isEqualTo(PUBLISHED);
    assertThat(status.document().path("sessions").asInt()).isEqualTo(3);
    assertThat(status.document().path("instance").asString()).isEqualTo("proxy-7f9c-1");
  }

  @Test
  @DisplayName("an instance is stale once three of its own intervals passed without a document")
  void staleAfterThreeOfItsIntervals() {
    InstanceStatus status = published(Duration.ofSeconds(2));
    Duration fallback = Duration.ofMinutes(1);
    assertThat(status.health(PUBLISHED.plusSeconds(6), fallback)).isEqualTo("UP");
    assertThat(status.health(PUBLISHED.plusSeconds(7), fallback)).isEqualTo(InstanceStatus.STALE);
  }

  @Test
  void aDocumentWithoutTimesIsStale() {
    InstanceStatus status = new InstanceStatus(PROXY.key(), JSON.readTree("{\"health\": \"UP\"}"));
    assertThat(status.health(PUBLISHED, Duration.ofSeconds(2))).isEqualTo(InstanceStatus.STALE);
    assertThat(status.version()).isEqualTo("unknown");
  }

  @Test
  void keysAreServiceSlashInstance() {
    assertThat(StatusKey.parse("proxy-service/proxy-7f9c-1"))
        .contains(new StatusKey("proxy-service", "proxy-7f9c-1"));
    assertThat(StatusKey.parse("proxy-service/a/b"))
        .contains(new StatusKey("proxy-service", "a/b"));
    assertThat(StatusKey.parse("proxy-service")).isEmpty();
    assertThat(StatusKey.parse("/x")).isEmpty();
    assertThatThrownBy(() -> new StatusKey("a/b", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("the default instance id keeps two processes on one host apart by their pid")
  void defaultInstanceIdIsHostAndPid() {
    assertThat(InstanceIdentity.defaultInstanceId(Map.of("HOSTNAME", "proxy-7f9c")))
        .isEqualTo("proxy-7f9c-" + ProcessHandle.current().pid());
    assertThat(InstanceIdentity.defaultInstanceId(Map.of()))
        .endsWith("-" + ProcessHandle.current().pid())
        .hasSizeGreaterThan(Long.toString(ProcessHandle.current().pid()).length() + 1);
  }
}
