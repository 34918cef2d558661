/**
 * What the binlog reader hands to delivery: one {@link io.weir.cdc.event.TransactionChanges} per
 * committed MariaDB transaction, holding the JSON documents (schema records and row events, in
 * MaxScale kafkacdc's format) in the order Kafka must receive them, each with its key. The reader
 * ({@link io.weir.cdc.event.ChangeSource}) and delivery meet only here.
 */
@NullMarked
package io.weir.cdc.event;

import org.jspecify.annotations.NullMarked;
