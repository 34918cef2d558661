/**
 * A real Kafka broker for tests: a single KRaft node in its own JVM that tests can stop, kill and
 * restart, and the {@link io.weir.testkit.kafka.WithKafka} extension that shares one broker across
 * a test run.
 */
@NullMarked
package io.weir.testkit.kafka;

import org.jspecify.annotations.NullMarked;
