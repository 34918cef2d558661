package io.weir.admin.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.control.resource.ResourceType;
import io.weir.control.status.InstanceIdentity;
import io.weir.control.status.InstanceStatus;
import io.weir.control.status.StatusDocument;
import io.weir.control.status.StatusKey;
import io.weir.control.topic.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class LiveStateTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final ResourceKey DB1 = new ResourceKey(ResourceType.SERVERS, "db1");

  private final Map<StatusKey, InstanceStatus> documents = new TreeMap<>();
  private final LiveState live =
      new LiveState(
          new StatusView(
              () -> documents, "weir.status", InstantSource.fixed(NOW), INTERVAL, () -> {}));

  private void publish(String instance, Instant at, List<Object> servers, List<Object> services) {
    InstanceIdentity identity =
        new InstanceIdentity("proxy-service", instance, "1", "http://x:1", at);
    documents.put(
        identity.key(),
        new InstanceStatus(
            identity.key(),
            JSON.valueToTree(
                StatusDocument.compose(
                    identity,
                    at,
                    INTERVAL,
                    "UP",
                    Map.of("servers", servers, "services", services)))));
  }

  private static Map<String, Object> server(String id, String state) {
    return Map.of("id", id, "monitor", "cluster1", "state", state);
  }

  @Test
  @DisplayName("a server's state is the one most live instances report; a tie goes to the first")
  void stateByMajority() {
    publish("a", NOW, List.of(server("db1", "Down")), List.of());
    publish("b", NOW, List.of(server("db1", "Master, Running")), List.of());
    assertThat(live.attributesOf(DB1)).containsEntry("state", "Down");

    publish("c", NOW, List.of(server("db1", "Master, Running")), List.of());
    assertThat(live.attributesOf(DB1)).containsEntry("state", "Master, Running");
    assertThat((List<?>) live.attributesOf(DB1).get("instances")).hasSize(3);
  }

  @Test
  @DisplayName("a stale instance's view is left out, and a server nobody live reports has no state")
  void staleInstancesDoNotCount() {
    publish("old", NOW.minusSeconds(60), List.of(server("db1", "Down")), List.of());
    assertThat(live.attributesOf(DB1)).isEmpty();

    publish("new", NOW, List.of(server("db1", "Slave, Running")), List.of());
    Map<String, Object> attributes = live.attributesOf(DB1);
    assertThat(attributes).containsEntry("state", "Slave, Running");
    assertThat((List<?>) attributes.get("instances")).hasSize(1);
  }

  @Test
  void serviceConnectionsAreSummedOverInstances() {
    Map<String, Object> split =
        Map.of(
            "id",
            "split",
            "connections",
            2,
            "listeners",
            List.of("split-port"),
            "router_diagnostics",
            Map.of("queries", 5));
    publish("a", NOW, List.of(), List.of(split));
    publish("b", NOW, List.of(), List.of(split));
    Map<String, Object> attributes =
        live.attributesOf(new ResourceKey(ResourceType.SERVICES, "split"));
    assertThat(attributes).containsEntry("connections", 4L);
    assertThat(live.attributesOf(new ResourceKey(ResourceType.SERVICES, "other"))).isEmpty();
    assertThat(live.attributesOf(new ResourceKey(ResourceType.LISTENERS, "split-port"))).isEmpty();
  }
}
