package io.weir.testkit.kafka;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real Kafka broker: declare a {@link KafkaBroker} parameter on a test method,
 * a lifecycle method ({@code @BeforeAll}, {@code @BeforeEach}, ...) or the constructor.
 *
 * <p>Every test class of a run shares one broker, started when a class first asks for it and closed
 * when the run ends; see {@link KafkaBrokerExtension} for what that means for topic names and for
 * classes that stop or kill the broker.
 *
 * <pre>{@code
 * @WithKafka
 * class ConfigTopicIT {
 *   @Test
 *   void readsTheConfigTopic(KafkaBroker broker) { ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaBrokerExtension.class)
public @interface WithKafka {}
