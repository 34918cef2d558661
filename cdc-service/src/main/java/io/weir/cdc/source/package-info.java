/**
 * The MariaDB side of a kafkacdc service before any binlog is read: which server is the primary,
 * whether its settings let a row-based reader see every change ({@link
 * io.weir.cdc.source.ServerSettingsCheck}), where {@code gtid=newest|oldest} points ({@link
 * io.weir.cdc.source.StartPositionResolver}), and the port through which the binlog reader is
 * plugged in ({@link io.weir.cdc.source.ChangeSourceFactory}).
 */
@NullMarked
package io.weir.cdc.source;

import org.jspecify.annotations.NullMarked;
