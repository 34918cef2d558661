package io.weir.control.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.control.resource.ResourceType;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The config topic against a real broker: writes are read back in order by every follower. */
@WithKafka
class ConfigTopicIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ResourceKey SERVICE = new ResourceKey(ResourceType.SERVICES, "split");
  private static final ResourceKey SERVER = new ResourceKey(ResourceType.SERVERS, "db1");

  @Test
  void aFollowerReadsWhatWasWrittenBeforeItAndEveryChangeAfter(KafkaBroker broker)
      throws Exception {
    String name = "weir.config." + UUID.randomUUID();
    try (ConfigTopic topic = new ConfigTopic(name, broker.clientProperties(), TIMEOUT)) {
      topic.ensureExists((short) 1);
      topic.ensureExists((short) 1);
      topic.writeAll(
          ResourceSet.empty()
              .with(SERVER, "{\"parameters\": {\"address\": \"127.0.0.1\"}}")
              .with(SERVICE, "{\"router\": \"readconnroute\"}"));
      topic.write(SERVICE, "{\"router\": \"readwritesplit\"}").get(30, TimeUnit.SECONDS);

      LinkedBlockingQueue<ResourceSet> changes = new LinkedBlockingQueue<>();
      try (ConfigTopicFollower follower =
          new ConfigTopicFollower(name, broker.clientProperties(), changes::add)) {
        ResourceSet start = follower.awaitCaughtUp(TIMEOUT).orElseThrow();
        assertThat(start.body(SERVICE)).contains("{\"router\": \"readwritesplit\"}");
        assertThat(start.body(SERVER)).isPresent();
        assertThat(changes).as("nothing is a change before the follower caught up").isEmpty();

        topic.write(SERVER, null).get(30, TimeUnit.SECONDS);
        ResourceSet afterDelete = changes.poll(30, TimeUnit.SECONDS);
        assertThat(afterDelete).isNotNull();
        assertThat(afterDelete.body(SERVER)).isEmpty();
        assertThat(afterDelete.body(SERVICE)).isPresent();
      }

      try (ConfigTopicFollower late =
          new ConfigTopicFollower(name, broker.clientProperties(), set -> {})) {
        assertThat(late.awaitCaughtUp(TIMEOUT).orElseThrow().bodies().keySet())
            .containsExactly(SERVICE);
      }
    }
  }

  @Test
  void anEmptyTopicIsCaughtUpAtOnce(KafkaBroker broker) throws Exception {
    String name = "weir.config." + UUID.randomUUID();
    try (ConfigTopic topic = new ConfigTopic(name, broker.clientProperties(), TIMEOUT)) {
      topic.ensureExists((short) 1);
      try (ConfigTopicFollower follower =
          new ConfigTopicFollower(name, broker.clientProperties(), set -> {})) {
        assertThat(follower.awaitCaughtUp(TIMEOUT).orElseThrow().isEmpty()).isTrue();
      }
    }
  }
}
