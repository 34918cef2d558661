package io.weir.cdc.source;

import io.weir.cdc.event.ChangeSource;

/**
 * Makes the binlog reader of one kafkacdc service. It is the one port between delivery and the
 * reader: the runner checks the primary, resolves the start position, then asks this factory for a
 * {@link ChangeSource} and {@linkplain ChangeSource#start starts} it with that position and a
 * {@code KafkaDelivery} as its sink. A Spring bean of this type plugs the reader in; without one a
 * configured kafkacdc service refuses to start.
 */
@FunctionalInterface
public interface ChangeSourceFactory {

  /**
   * A reader for {@code request}, not started yet. Called once per start of the service; the runner
   * closes what it returns.
   */
  ChangeSource create(ChangeSourceRequest request);
}
