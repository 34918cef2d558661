/**
 * Logging for the Kafka broker's JVM when its class path brings no SLF4J provider; not for use
 * elsewhere.
 */
@NullMarked
package io.weir.testkit.kafka.logging;

import org.jspecify.annotations.NullMarked;
