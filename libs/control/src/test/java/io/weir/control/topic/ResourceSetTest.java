package io.weir.control.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.control.config.Configuration;
import io.weir.control.config.InvalidConfigurationException;
import io.weir.control.resource.ResourceType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResourceSetTest {

  private static final String DOCUMENT =
      """
      servers:
        db1:
          parameters: {address: 127.0.0.1, port: 3306, weight: 010}
      services:
        split:
          router: readwritesplit
          servers: [db1]
          parameters:
            user: weir
            password: secret
            master_accept_reads: yes
            connection_keepalive: 2m
      listeners:
        split-port:
          service: split
          parameters: {port: 4006}
      """;

  @Test
  void splitsAStaticDocumentIntoOneBodyPerResourceKeepingEveryScalarsText() {
    ResourceSet set = ResourceSet.fromStaticDocument(DOCUMENT);

    assertThat(set.bodies().keySet())
        .extracting(ResourceKey::text)
        .containsExactly("servers/db1", "services/split", "listeners/split-port");
    assertThat(set.body(new ResourceKey(ResourceType.SERVERS, "db1")))
        .contains(
            "{\"parameters\":{\"address\":\"127.0.0.1\",\"port\":\"3306\",\"weight\":\"010\"}}");
  }

  @Test
  void becomesTheSameConfigurationTheFileGives() throws InvalidConfigurationException {
    Configuration configuration =
        ResourceSet.fromStaticDocument(DOCUMENT).toConfiguration("topic weir.config");

    assertThat(configuration.servers().get("db1").parameters().find("weight")).contains(10L);
    var service = configuration.services().get("split").parameters();
    assertThat(service.find("master_accept_reads")).contains(true);
    assertThat(service.find("connection_keepalive")).contains(Duration.ofMinutes(2));
    assertThat(configuration.listeners().get("split-port").port()).isEqualTo(4006);
  }

  @Test
  void aReplacedOrRemovedResourceChangesTheConfiguration() throws InvalidConfigurationException {
    ResourceSet set = ResourceSet.fromStaticDocument(DOCUMENT);
    ResourceKey listener = new ResourceKey(ResourceType.LISTENERS, "split-port");
    ResourceKey service = new ResourceKey(ResourceType.SERVICES, "split");

    ResourceSet changed =
        set.with(listener, null)
            .with(
                service,
                "{\"router\": \"readwritesplit\", \"servers\": [\"db1\"], \"parameters\":"
                    + " {\"user\": \"weir\", \"password\": \"x\", \"max_slave_connections\": 1}}");

    Configuration configuration = changed.toConfiguration("topic weir.config");
    assertThat(configuration.listeners()).isEmpty();
    assertThat(configuration.services().get("split").parameters().find("max_slave_connections"))
        .contains("1");
    assertThat(set.bodies()).hasSize(3);
  }

  @Test
  void anInvalidSetIsRefusedWithTheSameMessagesAsAFile() {
    ResourceSet set =
        ResourceSet.fromStaticDocument(DOCUMENT)
            .with(
                new ResourceKey(ResourceType.LISTENERS, "orphan"),
                "{\"service\": \"nope\", \"parameters\": {\"port\": 4007}}");

    assertThatThrownBy(() -> set.toConfiguration("topic weir.config"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("topic weir.config")
        .hasMessageContaining("listeners/orphan")
        .hasMessageContaining("nope");
  }

  @Test
  void keysReadBackAsWritten() {
    assertThat(ResourceKey.parse("services/split"))
        .contains(new ResourceKey(ResourceType.SERVICES, "split"));
    assertThat(ResourceKey.parse("servers/db/1"))
        .contains(new ResourceKey(ResourceType.SERVERS, "db/1"));
    assertThat(ResourceKey.parse("sessions/1")).isEmpty();
    assertThat(ResourceKey.parse("services/")).isEmpty();
    assertThat(ResourceKey.parse("services")).isEmpty();
  }
}
