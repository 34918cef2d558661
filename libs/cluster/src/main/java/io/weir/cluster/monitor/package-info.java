/**
 * Monitors that watch servers and publish what they find: {@link
 * io.weir.cluster.monitor.MariaDbMonitor} reads a GTID replication topology as MaxScale's
 * mariadbmon does.
 */
@NullMarked
package io.weir.cluster.monitor;

import org.jspecify.annotations.NullMarked;
