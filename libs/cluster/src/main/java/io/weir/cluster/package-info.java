/**
 * The servers behind Weir and what is known about them: the server model and its status bits, the
 * monitors that derive them (replication and Galera), and failover, switchover and rejoin. No
 * Spring.
 */
@NullMarked
package io.weir.cluster;

import org.jspecify.annotations.NullMarked;
