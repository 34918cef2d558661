/**
 * Reads a MariaDB primary's binlog as a replica (through {@code mysql-binlog-connector-java}) and
 * turns each committed transaction into MaxScale kafkacdc documents: {@link
 * io.weir.cdc.binlog.BinlogChangeSource} is the entry point, {@link
 * io.weir.cdc.binlog.BinlogSettings} its settings. Values are decoded from the row image's bytes by
 * {@link io.weir.cdc.binlog.ExactCellReader} and spelled by {@link
 * io.weir.cdc.binlog.ValueSpelling}; see ADR 0012 for the choices.
 */
@NullMarked
package io.weir.cdc.binlog;

import org.jspecify.annotations.NullMarked;
