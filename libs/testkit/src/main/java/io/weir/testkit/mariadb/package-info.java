/**
 * Real MariaDB servers for tests and the local quickstart: a primary and replicas with GTID
 * replication, the accounts Weir needs, and the failures tests inject (kill, stop, pause,
 * promotion).
 */
@NullMarked
package io.weir.testkit.mariadb;

import org.jspecify.annotations.NullMarked;
