/**
 * MaxScale's {@code readwritesplit}: a session holds a connection to the master and to some
 * replicas; each statement goes where it may run (writes and transactions to the master, autocommit
 * reads to a replica, session commands to all), and the session state is kept the same on every
 * connection by replaying recorded session commands on connections opened later.
 */
@NullMarked
package io.weir.proxy.router.readwritesplit;

import org.jspecify.annotations.NullMarked;
