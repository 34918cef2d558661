/**
 * What the binlog reader hands to delivery: each committed MariaDB transaction as one or more
 * {@link io.weir.cdc.event.TransactionPiece}s of bounded size, holding the JSON documents (schema
 * records and row events, in MaxScale kafkacdc's format) in the order Kafka must receive them, each
 * with its key. The reader ({@link io.weir.cdc.event.ChangeSource}) and delivery meet only here.
 */
@NullMarked
package io.weir.cdc.event;

import org.jspecify.annotations.NullMarked;
