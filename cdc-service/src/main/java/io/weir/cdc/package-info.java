/**
 * Weir's change data capture: reads a primary's binlog as a replica and streams row changes to
 * Kafka.
 */
@NullMarked
package io.weir.cdc;

import org.jspecify.annotations.NullMarked;
