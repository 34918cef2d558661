/**
 * Weir's cdc-service against Debezium on Kafka Connect: the same MariaDB binlog drained into the
 * same broker, and live writes streamed with their end-to-end lag, in one run.
 */
@NullMarked
package io.weir.bench.cdc;

import org.jspecify.annotations.NullMarked;
